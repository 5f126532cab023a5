//! The `curl` command that repeats a signed request through the proxy, for the request
//! log's "Copy as curl". The command is for reading and for replaying with fresh
//! credentials, so the values that prove who signed it are replaced by
//! [`REDACTED`](crate::redact::REDACTED).

use crate::redact::REDACTED;
use crate::request::SignedRequest;
use crate::signer::Method;

/// Parameters whose values the command never shows. A name matches when it is the
/// parameter itself or ends with `.Name` (`ImageRegistryCredential.1.Password`). The
/// AccessKey secret is not a parameter, so no request contains it.
const HIDDEN_PARAMETERS: &[&str] = &["Signature", "SecurityToken", "Password"];

/// Returns the command that sends `signed` to `api_url` (`{proxy}/{region}/`): a GET
/// with the query in the URL, or a POST with the form body. Arguments are single-quoted
/// for POSIX shells.
pub fn curl_command(api_url: &str, signed: &SignedRequest) -> String {
    let encoded = redact_hidden_parameters(&signed.encoded);
    match signed.method {
        Method::Get => format!("curl {}", shell_quote(&format!("{api_url}?{encoded}"))),
        Method::Post => format!(
            "curl -X POST {} -H {} --data-raw {}",
            shell_quote(api_url),
            shell_quote("Content-Type: application/x-www-form-urlencoded"),
            shell_quote(&encoded)
        ),
    }
}

/// Replaces the values of [`HIDDEN_PARAMETERS`] in a percent-encoded query or form body.
pub fn redact_hidden_parameters(encoded: &str) -> String {
    let pairs = encoded.split('&').map(|pair| match pair.split_once('=') {
        Some((key, _)) if is_hidden(key) => format!("{key}={REDACTED}"),
        _ => pair.to_string(),
    });
    pairs.collect::<Vec<_>>().join("&")
}

fn is_hidden(key: &str) -> bool {
    HIDDEN_PARAMETERS
        .iter()
        .any(|name| key == *name || key.ends_with(&format!(".{name}")))
}

/// Quotes `text` as one POSIX shell word: inside single quotes every character is literal,
/// and a single quote itself is written as `'\''`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Params;
    use crate::request::{sign_params, sign_request, Credentials, SigningContext};

    const API_URL: &str = "http://127.0.0.1:8081/cn-hangzhou/";

    fn context(credentials: &Credentials) -> SigningContext<'_> {
        SigningContext {
            credentials,
            region_id: "cn-hangzhou",
            unix_seconds: 1_456_231_584,
            nonce: "3f2a-nonce",
        }
    }

    #[test]
    fn request_with_token_is_post() {
        let credentials =
            Credentials::new("STS.keyid", "never-shown").with_security_token("tok+en/=");
        let signed = sign_request(
            "DescribeImageCaches",
            &Params::new(),
            &context(&credentials),
        );
        assert_eq!(
            curl_command(API_URL, &signed),
            "curl -X POST 'http://127.0.0.1:8081/cn-hangzhou/' \
             -H 'Content-Type: application/x-www-form-urlencoded' \
             --data-raw 'AccessKeyId=STS.keyid&Action=DescribeImageCaches&Format=JSON\
             &RegionId=cn-hangzhou&SecurityToken=<redacted>&SignatureMethod=HMAC-SHA1\
             &SignatureNonce=3f2a-nonce&SignatureVersion=1.0\
             &Timestamp=2016-02-23T12%3A46%3A24Z&Version=2018-08-08&Signature=<redacted>'"
        );
    }

    #[test]
    fn post_request_with_registry_password() {
        let credentials = Credentials::new("LTAIkey", "never-shown");
        let mut params = Params::new();
        params
            .insert("ImageCacheName", "it's")
            .insert("ImageRegistryCredential.1.Password", "p w")
            .insert("ImageRegistryCredential.1.UserName", "bob");
        let all =
            crate::request::with_common_params("CreateImageCache", &params, &context(&credentials));
        let signed = sign_params(
            "CreateImageCache",
            &all,
            &credentials.access_key_secret,
            Method::Post,
        );
        assert_eq!(
            curl_command(API_URL, &signed),
            "curl -X POST 'http://127.0.0.1:8081/cn-hangzhou/' \
             -H 'Content-Type: application/x-www-form-urlencoded' \
             --data-raw 'AccessKeyId=LTAIkey&Action=CreateImageCache&Format=JSON\
             &ImageCacheName=it%27s&ImageRegistryCredential.1.Password=<redacted>\
             &ImageRegistryCredential.1.UserName=bob&RegionId=cn-hangzhou\
             &SignatureMethod=HMAC-SHA1&SignatureNonce=3f2a-nonce&SignatureVersion=1.0\
             &Timestamp=2016-02-23T12%3A46%3A24Z&Version=2018-08-08&Signature=<redacted>'"
        );
    }

    #[test]
    fn command_never_contains_signature_or_secrets() {
        let credentials = Credentials::new("LTAIkey", "never-shown").with_security_token("tok");
        let signed = sign_request(
            "DescribeImageCaches",
            &Params::new(),
            &context(&credentials),
        );
        let command = curl_command(API_URL, &signed);
        assert!(!command.contains(&crate::signer::percent_encode(&signed.signature)));
        assert!(!command.contains("never-shown"));
        assert!(!command.contains("=tok"));
    }

    #[test]
    fn quote_in_url_is_escaped() {
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
    }

    #[test]
    fn similar_names_are_kept() {
        assert_eq!(
            redact_hidden_parameters("SignatureNonce=n&PasswordHint=h&X.Password=p"),
            "SignatureNonce=n&PasswordHint=h&X.Password=<redacted>"
        );
    }
}
