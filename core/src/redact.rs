//! Removal of secrets from text before it is shown or copied: response bodies, service
//! messages that quote the string to sign, and command lines.

/// Placeholder that replaces a secret value.
pub const REDACTED: &str = "<redacted>";

/// Parameters whose values are secret wherever they appear in a query, a form body or a
/// string to sign.
const SECRET_PARAMETERS: &[&str] = &["Signature", "SecurityToken", "Password", "AccessKeySecret"];

/// Shortest secret that is replaced wherever it appears, and shortest start of a secret
/// that is replaced at the end of a cut-off text. Shorter values would match ordinary text.
const MIN_SECRET_LEN: usize = 4;

/// Returns `text` with every occurrence of the given secrets (as typed and
/// percent-encoded, once or twice) replaced, and with the values of secret parameters
/// replaced wherever `text` contains them as `Name=value`, `Name%3Dvalue` or `"Name":"value"`.
/// A text that ends in the first characters of a secret, as a response body cut off in the
/// middle of one does, loses that end too.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut result = text.to_string();
    for secret in secrets
        .iter()
        .filter(|secret| secret.len() >= MIN_SECRET_LEN)
    {
        let once = crate::signer::percent_encode(secret);
        let twice = crate::signer::percent_encode(&once);
        for form in [secret.to_string(), twice, once] {
            result = result.replace(&form, REDACTED);
            redact_cut_off_end(&mut result, &form);
        }
    }
    for name in SECRET_PARAMETERS {
        result = redact_values(&result, name);
    }
    result
}

/// Replaces the end of `text` when it is the first characters (at least
/// [`MIN_SECRET_LEN`]) of `secret`.
fn redact_cut_off_end(text: &mut String, secret: &str) {
    let longest = secret.len().min(text.len());
    let cut = (MIN_SECRET_LEN..longest + 1)
        .rev()
        .filter(|&length| secret.is_char_boundary(length))
        .find(|&length| text.ends_with(&secret[..length]));
    if let Some(length) = cut {
        text.truncate(text.len() - length);
        text.push_str(REDACTED);
    }
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
    fn html_page_echoing_a_secret() {
        let body = "<html><body><pre>GET /?AccessKeyId=LTAIkey&Signature=c2ln%3D&x=e2e-secret-Zq8v1c</pre></body></html>";
        assert_eq!(
            redact(body, &["e2e-secret-Zq8v1c"]),
            "<html><body><pre>GET /?AccessKeyId=LTAIkey&Signature=<redacted>&x=<redacted></pre></body></html>"
        );
    }

    #[test]
    fn json_error_quoting_the_string_to_sign() {
        let body = r#"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:GET&%2F&AccessKeyId%3DLTAIkey%26SecurityToken%3Dsts-tok%252Fen%26Timestamp%3D1"}"#;
        assert_eq!(
            redact(body, &["sts-tok/en"]),
            r#"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:GET&%2F&AccessKeyId%3DLTAIkey%26SecurityToken%3D<redacted>%26Timestamp%3D1"}"#
        );
    }

    #[test]
    fn empty_body_stays_empty() {
        assert_eq!(redact("", &["e2e-secret-Zq8v1c", ""]), "");
    }

    #[test]
    fn truncated_body_ending_in_a_secret() {
        let body = r#"{"RequestId":"r","Echo":"e2e-secr"#;
        assert_eq!(
            redact(body, &["e2e-secret-Zq8v1c"]),
            r#"{"RequestId":"r","Echo":"<redacted>"#
        );
        let password = r#"{"ImageRegistryCredential.1.Password":"hunt"#;
        assert_eq!(
            redact(password, &[]),
            r#"{"ImageRegistryCredential.1.Password":"<redacted>"#
        );
    }

    #[test]
    fn truncated_body_keeps_short_overlap() {
        assert_eq!(redact("status: e2e", &["e2e-secret-Zq8v1c"]), "status: e2e");
    }

    #[test]
    fn plain_text_body_with_token() {
        let body = "upstream rejected token sts-token-value at 12:00";
        assert_eq!(
            redact(body, &["sts-token-value"]),
            "upstream rejected token <redacted> at 12:00"
        );
    }

    #[test]
    fn short_secrets_are_not_replaced_everywhere() {
        assert_eq!(redact("abc", &["a"]), "abc");
    }
}
