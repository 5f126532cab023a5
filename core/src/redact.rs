//! Removal of secrets from text before it is shown or copied: response bodies, service
//! messages that quote the string to sign, and command lines.

/// What replaces a secret value.
pub const REDACTED: &str = "<redacted>";

/// Parameters whose values are secret wherever they appear in a query, a form body or a
/// string to sign.
const SECRET_PARAMETERS: &[&str] = &["Signature", "SecurityToken", "Password", "AccessKeySecret"];

/// Returns `text` with every occurrence of the given secrets (as typed and
/// percent-encoded, once or twice) replaced, and with the values of secret parameters
/// replaced wherever `text` holds them as `Name=value`, `Name%3Dvalue` or `"Name":"value"`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut result = text.to_string();
    for secret in secrets.iter().filter(|secret| secret.len() >= 4) {
        let once = crate::signer::percent_encode(secret);
        let twice = crate::signer::percent_encode(&once);
        for form in [secret.to_string(), twice, once] {
            result = result.replace(&form, REDACTED);
        }
    }
    for name in SECRET_PARAMETERS {
        result = redact_values(&result, name);
    }
    result
}

/// Replaces the value after each `…name=`, `…name%3D` or `"…name":"` in `text`. A
/// parameter name may carry a prefix (`ImageRegistryCredential.1.Password`).
fn redact_values(text: &str, name: &str) -> String {
    let separators: [(&str, &[&str]); 4] = [
        ("=", &["&", " ", "\"", "'", "\n"]),
        ("%3D", &["%26", "&", " ", "\"", "'", "\n"]),
        ("%253D", &["%2526", "&", " ", "\"", "'", "\n"]),
        ("\":\"", &["\""]),
    ];
    let mut result = text.to_string();
    for (separator, terminators) in separators {
        let marker = format!("{name}{separator}");
        let mut output = String::with_capacity(result.len());
        let mut rest = result.as_str();
        while let Some(position) = rest.find(&marker) {
            let value_start = position + marker.len();
            output.push_str(&rest[..value_start]);
            let tail = &rest[value_start..];
            let value_end = terminators
                .iter()
                .filter_map(|t| tail.find(t))
                .min()
                .unwrap_or(tail.len());
            if value_end > 0 {
                output.push_str(REDACTED);
            }
            rest = &tail[value_end..];
        }
        output.push_str(rest);
        result = output;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_secret_in_all_encodings() {
        let text = "a=my secret&b=my%20secret&c=my%2520secret";
        assert_eq!(
            redact(text, &["my secret"]),
            "a=<redacted>&b=<redacted>&c=<redacted>"
        );
    }

    #[test]
    fn redacts_signature_and_token_in_query() {
        let text = "Action=X&SecurityToken=abc%2Bdef&Signature=Zm9v%3D&Version=1";
        assert_eq!(
            redact(text, &[]),
            "Action=X&SecurityToken=<redacted>&Signature=<redacted>&Version=1"
        );
    }

    #[test]
    fn redacts_token_in_string_to_sign() {
        let text = "GET&%2F&AccessKeyId%3Did%26SecurityToken%3Dtok%252Ben%26Timestamp%3D1";
        assert_eq!(
            redact(text, &[]),
            "GET&%2F&AccessKeyId%3Did%26SecurityToken%3D<redacted>%26Timestamp%3D1"
        );
    }

    #[test]
    fn redacts_password_in_json() {
        let text = r#"{"ImageRegistryCredential.1.Password":"hunter22","Other":"x"}"#;
        assert_eq!(
            redact(text, &[]),
            r#"{"ImageRegistryCredential.1.Password":"<redacted>","Other":"x"}"#
        );
    }

    #[test]
    fn short_secrets_are_not_replaced_everywhere() {
        assert_eq!(redact("abc", &["a"]), "abc");
    }
}
