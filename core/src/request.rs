//! Signed ECI requests: the common parameters of an RPC call, the credentials that sign it,
//! and the bytes that go on the wire.

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::params::Params;
use crate::signer::{self, Method};

/// API version of Elastic Container Instance that every action here belongs to.
pub const API_VERSION: &str = "2018-08-08";

/// Length of the encoded parameters above which a request goes as a POST form body
/// instead of a GET query, well under the 8 KiB request-line limit of common servers.
pub const MAX_GET_QUERY_LEN: usize = 2048;

/// A value that must never be shown: `Debug` and `Display` print a placeholder.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the value itself, for signing or for sending to the service.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// An AccessKey pair, with the STS security token when the pair is temporary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub security_token: Option<Secret>,
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: Secret::new(access_key_secret),
            security_token: None,
        }
    }

    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.security_token = (!token.is_empty()).then(|| Secret::new(token));
        self
    }
}

/// First second that RFC 3339 can print (0000-01-01T00:00:00Z), in seconds since the Unix
/// epoch.
const MIN_TIMESTAMP_SECONDS: i64 = -62_167_219_200;

/// Last second that RFC 3339 can print (9999-12-31T23:59:59Z), in seconds since the Unix
/// epoch.
const MAX_TIMESTAMP_SECONDS: i64 = 253_402_300_799;

/// Formats seconds since the Unix epoch as the `Timestamp` parameter: UTC,
/// `YYYY-MM-DDThh:mm:ssZ`, with no fraction of a second. Seconds outside the years 0000 to
/// 9999, which RFC 3339 cannot print, are clamped to the nearest year in range.
pub fn format_timestamp(unix_seconds: i64) -> String {
    let clamped = unix_seconds.clamp(MIN_TIMESTAMP_SECONDS, MAX_TIMESTAMP_SECONDS);
    let time = OffsetDateTime::from_unix_timestamp(clamped).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let rfc3339 = time
        .format(&Rfc3339)
        .expect("a whole-second UTC time in the years 0000 to 9999 formats as RFC 3339");
    // Whole seconds in UTC format as `YYYY-MM-DDThh:mm:ssZ` already; this guards the shape.
    debug_assert_eq!(rfc3339.len(), 20);
    rfc3339
}

/// Parses a `Timestamp` parameter back into seconds since the Unix epoch.
pub fn parse_timestamp(value: &str) -> Option<i64> {
    // RFC 3339 parsers also take a space or a lowercase `t` as the separator. The
    // service's format does not, so the shape is checked byte by byte first.
    let shape_ok = value.len() == 20
        && value.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            10 => byte == b'T',
            13 | 16 => byte == b':',
            19 => byte == b'Z',
            _ => byte.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    OffsetDateTime::parse(value, &Rfc3339)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

/// The inputs of one attempt of a request besides the action's own parameters. The caller
/// reads the clock and draws the nonce afresh for every attempt, so a retry is never a
/// replay of an earlier signed request.
#[derive(Clone, Debug)]
pub struct SigningContext<'a> {
    pub credentials: &'a Credentials,
    pub region_id: &'a str,
    /// Seconds since the Unix epoch, already corrected for any known clock skew.
    pub unix_seconds: i64,
    pub nonce: &'a str,
}

/// A request signed exactly as it will be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
    pub action: String,
    pub method: Method,
    pub canonical_query: String,
    pub string_to_sign: String,
    pub signature: String,
    /// `canonical_query&Signature=…`, percent-encoded: the URL query of a GET, or the
    /// `application/x-www-form-urlencoded` body of a POST.
    pub encoded: String,
}

impl SignedRequest {
    /// Returns the URL query for a GET (an empty string for a POST).
    pub fn query(&self) -> &str {
        match self.method {
            Method::Get => &self.encoded,
            Method::Post => "",
        }
    }

    /// Returns the form body for a POST.
    pub fn body(&self) -> Option<&str> {
        match self.method {
            Method::Get => None,
            Method::Post => Some(&self.encoded),
        }
    }
}

/// Adds the common RPC parameters to `params` and returns the full list to sign.
pub fn with_common_params(action: &str, params: &Params, context: &SigningContext<'_>) -> Params {
    let mut all = params.clone();
    all.insert("Action", action)
        .insert("Version", API_VERSION)
        .insert("Format", "JSON")
        .insert("AccessKeyId", context.credentials.access_key_id.as_str())
        .insert("SignatureMethod", "HMAC-SHA1")
        .insert("SignatureVersion", "1.0")
        .insert("SignatureNonce", context.nonce)
        .insert("Timestamp", format_timestamp(context.unix_seconds));
    if params.get("RegionId").is_none() {
        all.insert("RegionId", context.region_id);
    }
    if let Some(token) = &context.credentials.security_token {
        all.insert("SecurityToken", token.expose());
    }
    all
}

/// Signs a complete parameter list (common parameters included) for `method`.
pub fn sign_params(
    action: &str,
    all_params: &Params,
    secret: &Secret,
    method: Method,
) -> SignedRequest {
    let canonical_query = signer::canonical_query(all_params.pairs());
    let string_to_sign = signer::string_to_sign(method, &canonical_query);
    let signature = signer::signature(secret.expose(), &string_to_sign);
    let encoded = format!(
        "{canonical_query}&Signature={}",
        signer::percent_encode(&signature)
    );
    SignedRequest {
        action: action.to_string(),
        method,
        canonical_query,
        string_to_sign,
        signature,
        encoded,
    }
}

/// Returns whether `params` carry a secret: the STS security token or a registry password.
/// Such a request goes as a POST body, because a URL ends up in access logs and developer
/// tools.
fn carries_secret(params: &Params) -> bool {
    let is_secret = |key: &str| key == "SecurityToken" || key.ends_with(".Password");
    params.pairs().iter().any(|(key, _)| is_secret(key))
}

/// Signs `action` with its parameters. It goes as a GET unless it carries a secret or its
/// encoded form is longer than [`MAX_GET_QUERY_LEN`]; then it goes as a POST form body.
pub fn sign_request(action: &str, params: &Params, context: &SigningContext<'_>) -> SignedRequest {
    let all = with_common_params(action, params, context);
    let secret = &context.credentials.access_key_secret;
    if carries_secret(&all) {
        return sign_params(action, &all, secret, Method::Post);
    }
    let as_get = sign_params(action, &all, secret, Method::Get);
    if as_get.encoded.len() <= MAX_GET_QUERY_LEN {
        as_get
    } else {
        sign_params(action, &all, secret, Method::Post)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_go_in_the_query() {
        let temporary = Credentials::new("STS.id", "secret").with_security_token("token");
        let permanent = Credentials::new("id", "secret");
        let mut with_password = Params::new();
        with_password.insert("ImageRegistryCredential.1.Password", "pw");
        let cases = [
            (&temporary, Params::new(), Method::Post),
            (&permanent, with_password, Method::Post),
            (&permanent, Params::new(), Method::Get),
        ];
        for (credentials, params, expected) in cases {
            let context = SigningContext {
                credentials,
                region_id: "cn-hangzhou",
                unix_seconds: 0,
                nonce: "n",
            };
            let signed = sign_request("DescribeImageCaches", &params, &context);
            assert_eq!(signed.method, expected, "{:?}", params);
            if expected == Method::Post {
                assert_eq!(signed.query(), "");
            }
        }
    }

    #[test]
    fn timestamp_is_utc_without_fraction() {
        assert_eq!(format_timestamp(1_456_231_584), "2016-02-23T12:46:24Z");
    }

    #[test]
    fn timestamp_round_trips() {
        assert_eq!(parse_timestamp("2016-02-23T12:46:24Z"), Some(1_456_231_584));
        assert_eq!(parse_timestamp("2016-02-23T12:46:24.5Z"), None);
        assert_eq!(parse_timestamp("2016-02-23T12:46:24+08:00"), None);
        assert_eq!(parse_timestamp("2016-02-23 12:46:24Z"), None);
        assert_eq!(parse_timestamp("2016-02-23t12:46:24Z"), None);
    }

    #[test]
    fn secret_is_redacted_in_debug() {
        let credentials = Credentials::new("id", "top-secret").with_security_token("sts-token");
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("top-secret"));
        assert!(!shown.contains("sts-token"));
    }

    #[test]
    fn long_request_goes_as_post() {
        let credentials = Credentials::new("id", "secret");
        let context = SigningContext {
            credentials: &credentials,
            region_id: "cn-hangzhou",
            unix_seconds: 0,
            nonce: "n",
        };
        let mut params = Params::new();
        params.insert("ImageCacheName", "x".repeat(3000));
        let signed = sign_request("CreateImageCache", &params, &context);
        assert_eq!(signed.method, Method::Post);
        assert!(signed.string_to_sign.starts_with("POST&%2F&"));
        assert_eq!(signed.query(), "");
        assert_eq!(signed.body(), Some(signed.encoded.as_str()));
    }
}
