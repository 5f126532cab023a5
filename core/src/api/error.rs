//! Service errors: parsing a response of any shape into a typed result, and turning an
//! error code into guidance a user can act on.

use serde::de::DeserializeOwned;

/// An error the service (or the proxy in front of it) returned for a request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code} (HTTP {http_status}): {message}")]
pub struct ApiError {
    /// HTTP status, or 0 when the browser saw no response (CORS or network failure).
    pub http_status: u16,
    /// The service's error code, such as `SignatureDoesNotMatch`; empty when the body
    /// carried none.
    pub code: String,
    /// The service's message. It may quote the request (the string to sign names the
    /// AccessKey ID and the security token), so show it only after redaction.
    pub message: String,
    pub request_id: String,
    /// The raw response body, for a details view after redaction.
    pub raw_body: String,
}

/// The error fields of a reply body, whatever its format.
#[derive(Default)]
struct ErrorFields {
    code: String,
    message: String,
    request_id: String,
}

/// Removes a leading byte order mark, which some gateways put before JSON.
fn without_bom(body: &str) -> &str {
    body.strip_prefix('\u{feff}').unwrap_or(body)
}

/// Reads the first non-empty value among `names` from a JSON object; numbers count as text.
fn json_field(object: &serde_json::Map<String, serde_json::Value>, names: &[&str]) -> String {
    names
        .iter()
        .filter_map(|name| match object.get(*name)? {
            serde_json::Value::String(text) => Some(text.trim().to_string()),
            serde_json::Value::Number(number) => Some(number.to_string()),
            _ => None,
        })
        .find(|text| !text.is_empty())
        .unwrap_or_default()
}

/// Reads the text of the first `<name>…</name>` element, unescaping XML's five entities.
fn xml_field(body: &str, name: &str) -> String {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let Some(start) = body.find(&open).map(|index| index + open.len()) else {
        return String::new();
    };
    let Some(length) = body[start..].find(&close) else {
        return String::new();
    };
    body[start..start + length]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// Extracts `Code`, `Message` and `RequestId` from a JSON object (either spelling, the
/// first non-empty one winning) or from an XML `<Error>` document, the two formats
/// Alibaba Cloud's SDKs read errors from.
fn error_fields(body: &str) -> ErrorFields {
    let body = without_bom(body).trim();
    if BodyShape::of(body) == BodyShape::Xml {
        return ErrorFields {
            code: xml_field(body, "Code"),
            message: xml_field(body, "Message"),
            request_id: xml_field(body, "RequestId"),
        };
    }
    let Ok(serde_json::Value::Object(object)) = serde_json::from_str(body) else {
        return ErrorFields::default();
    };
    ErrorFields {
        code: json_field(&object, &["Code", "code"]),
        message: json_field(&object, &["Message", "message"]),
        request_id: json_field(&object, &["RequestId", "requestId", "requestid"]),
    }
}

/// Parses a response body: a 2xx status with a JSON body of the expected shape and no
/// error code is a success; anything else becomes an [`ApiError`], whatever the body contains
/// (JSON or XML error, HTML page from a proxy, empty or cut-off text).
pub fn parse_response<T: DeserializeOwned>(
    http_status: u16,
    request_id_header: Option<&str>,
    body: &str,
) -> Result<T, ApiError> {
    let fields = error_fields(body);
    let header_id = request_id_header.unwrap_or_default().trim().to_string();
    let request_id = Some(fields.request_id)
        .filter(|id| !id.is_empty())
        .or_else(|| Some(header_id).filter(|id| !id.is_empty()))
        .or_else(|| request_id_in_text(body))
        .unwrap_or_default();

    if (200..300).contains(&http_status) && fields.code.is_empty() {
        return serde_json::from_str(without_bom(body)).map_err(|error| ApiError {
            http_status,
            code: String::new(),
            message: format!("the response body is not the expected JSON: {error}"),
            request_id,
            raw_body: body.to_string(),
        });
    }

    Err(ApiError {
        http_status,
        code: fields.code,
        message: fields.message,
        request_id,
        raw_body: body.to_string(),
    })
}

/// Finds `"RequestId":"…"` in a body that is not valid JSON, such as a reply cut off after
/// its request id. Only a complete, plain id (letters, digits and `-`) counts.
fn request_id_in_text(body: &str) -> Option<String> {
    const MARKER: &str = "\"RequestId\":\"";
    let start = body.find(MARKER)? + MARKER.len();
    let length = body[start..].find('"')?;
    let id = &body[start..start + length];
    let plain = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    plain.then(|| id.to_string())
}

/// The kind of failure, as far as the user's next step goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The browser got no response: wrong proxy URL, proxy down, or CORS rejected.
    Unreachable,
    /// The console aborted the request because no complete response arrived in time.
    TimedOut,
    /// The AccessKey secret does not match the AccessKey ID.
    SignatureMismatch,
    IncompleteSignature,
    AccessKeyNotFound,
    AccessKeyDisabled,
    /// The request's timestamp is too far from the service's clock.
    ClockSkew,
    InvalidTimestampFormat,
    NonceReused,
    SecurityTokenExpired,
    SecurityTokenMissing,
    SecurityTokenInvalid,
    Throttled,
    Forbidden,
    /// A parameter is invalid or missing; the parameter name when the code or message
    /// names one.
    InvalidParameter {
        parameter: Option<String>,
    },
    MissingParameter {
        parameter: Option<String>,
    },
    RegionNotFound,
    NotFound,
    /// A 5xx or `ServiceUnavailable`: worth retrying.
    ServiceError,
    /// A 2xx reply whose body is not the expected JSON, as when the proxy URL points at a
    /// web page.
    UnexpectedBody,
    /// The proxy could not reach the ECI endpoint, or got a broken response from it, so a
    /// retry may succeed.
    UpstreamFailed,
    /// The proxy rejected the request (region, origin, size).
    ProxyRejected,
    /// The proxy does not allow this page's origin.
    OriginNotAllowed,
    Other,
}

impl ApiError {
    /// Builds the error for a request that got no HTTP response at all.
    pub fn unreachable(detail: impl Into<String>) -> Self {
        Self {
            http_status: 0,
            code: String::new(),
            message: detail.into(),
            request_id: String::new(),
            raw_body: String::new(),
        }
    }

    /// Builds the error for a request that the console aborted after `timeout_ms`.
    pub fn timed_out(timeout_ms: u32) -> Self {
        let seconds = timeout_ms.div_ceil(1000);
        Self::unreachable(format!("{TIMED_OUT_PREFIX}{seconds} seconds."))
    }

    pub fn kind(&self) -> ErrorKind {
        classify(self.http_status, &self.code, &self.message)
    }

    /// Returns the shape of the response body, which distinguishes a gateway's error page
    /// or a cut-off reply from the service's JSON.
    pub fn body_shape(&self) -> BodyShape {
        BodyShape::of(&self.raw_body)
    }

    /// Returns whether the console sends the request again (signed anew) by itself,
    /// because a later attempt may succeed. A timeout is not retried: the attempt already waited the
    /// whole time limit, so the user decides whether to wait again.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Throttled
                | ErrorKind::ServiceError
                | ErrorKind::Unreachable
                | ErrorKind::UpstreamFailed
        )
    }

    /// Returns one sentence on what failed and one on what to do next. The text never
    /// quotes the service message, which can contain request values.
    pub fn guidance(&self) -> Guidance {
        guidance_for(&self.kind(), self)
    }
}

/// Start of the message of [`ApiError::timed_out`], by which [`ApiError::kind`] recognizes
/// a timeout among the errors without a response.
const TIMED_OUT_PREFIX: &str = "No response arrived within ";

/// The shape of a response body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyShape {
    /// No body at all, or only whitespace.
    Empty,
    /// A complete JSON document.
    Json,
    /// JSON that ends early, as when a connection closes in the middle of a reply.
    TruncatedJson,
    /// An XML document, such as the `<Error>` body the service sends when asked for XML.
    Xml,
    /// Markup, such as the error page of a web server or gateway.
    Html,
    /// Anything else.
    Text,
}

impl BodyShape {
    /// Classifies `body`.
    pub fn of(body: &str) -> Self {
        let trimmed = without_bom(body).trim();
        if trimmed.is_empty() {
            return Self::Empty;
        }
        if trimmed.starts_with("<?xml") || trimmed.starts_with("<Error") {
            return Self::Xml;
        }
        if trimmed.starts_with('<') {
            return Self::Html;
        }
        match serde_json::from_str::<serde::de::IgnoredAny>(trimmed) {
            Ok(_) => Self::Json,
            Err(error) if error.is_eof() => Self::TruncatedJson,
            Err(_) => Self::Text,
        }
    }
}

/// A message for the error banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guidance {
    pub title: String,
    pub action: String,
}

fn classify(http_status: u16, code: &str, message: &str) -> ErrorKind {
    match code {
        "SignatureDoesNotMatch" => return ErrorKind::SignatureMismatch,
        "IncompleteSignature" => return ErrorKind::IncompleteSignature,
        "InvalidAccessKeyId.NotFound" | "InvalidAccessKeyId" => {
            return ErrorKind::AccessKeyNotFound
        }
        "InvalidAccessKeyId.Inactive" | "Forbidden.AccessKeyDisabled" => {
            return ErrorKind::AccessKeyDisabled
        }
        "InvalidTimeStamp.Expired" => return ErrorKind::ClockSkew,
        "InvalidTimeStamp.Format" => return ErrorKind::InvalidTimestampFormat,
        "SignatureNonceUsed" => return ErrorKind::NonceReused,
        "InvalidSecurityToken.Expired" => return ErrorKind::SecurityTokenExpired,
        "MissingSecurityToken" => return ErrorKind::SecurityTokenMissing,
        "InvalidSecurityToken.Malformed" | "InvalidSecurityToken.MismatchWithAccessKey" => {
            return ErrorKind::SecurityTokenInvalid
        }
        "InvalidRegion.NotFound" | "InvalidRegionId" => return ErrorKind::RegionNotFound,
        "ServiceUnavailable" | "InternalError" => return ErrorKind::ServiceError,
        "ProxyUpstreamError" => return ErrorKind::UpstreamFailed,
        "OriginNotAllowed" => return ErrorKind::OriginNotAllowed,
        "InvalidRegion"
        | "RequestBodyTooLarge"
        | "UnsupportedTransferEncoding"
        | "MethodNotAllowed"
        | "InvalidRequestBody" => return ErrorKind::ProxyRejected,
        _ => {}
    }
    if code.starts_with("Throttling") {
        return ErrorKind::Throttled;
    }
    if code.starts_with("Forbidden") {
        return ErrorKind::Forbidden;
    }
    if let Some(rest) = code.strip_prefix("Missing") {
        let parameter = parameter_from(rest, message);
        return ErrorKind::MissingParameter { parameter };
    }
    if let Some(rest) = code.strip_prefix("Invalid") {
        let parameter = parameter_from(rest, message);
        return ErrorKind::InvalidParameter { parameter };
    }
    if code.ends_with("NotFound") || code.ends_with(".NotFound") {
        return ErrorKind::NotFound;
    }
    match http_status {
        0 if message.starts_with(TIMED_OUT_PREFIX) => ErrorKind::TimedOut,
        0 => ErrorKind::Unreachable,
        200..=299 => ErrorKind::UnexpectedBody,
        429 => ErrorKind::Throttled,
        500..=599 => ErrorKind::ServiceError,
        _ => ErrorKind::Other,
    }
}

/// Finds the parameter an `Invalid…`/`Missing…` error is about: from the code's suffix
/// (`InvalidImageCacheSize`, `InvalidParameter.ImageCacheSize`) or from a quoted name in
/// the message (`The input parameter "ImageCacheName" …`).
fn parameter_from(code_suffix: &str, message: &str) -> Option<String> {
    let suffix = code_suffix.trim_start_matches('.');
    let suffix = suffix
        .strip_prefix("Parameter")
        .unwrap_or(suffix)
        .trim_start_matches('.');
    let from_code = suffix.split('.').next().unwrap_or_default();
    if !from_code.is_empty() && from_code != "Value" && from_code != "Format" {
        return Some(from_code.to_string());
    }
    let start = message.find('"')? + 1;
    let length = message[start..].find('"')?;
    let quoted = &message[start..start + length];
    let looks_like_name = !quoted.is_empty()
        && quoted
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.');
    looks_like_name.then(|| quoted.to_string())
}

fn guidance_for(kind: &ErrorKind, error: &ApiError) -> Guidance {
    if let Some(guidance) = guidance_for_body(error) {
        return guidance;
    }
    let (title, action) = match kind {
        ErrorKind::Unreachable => (
            "The request got no response.".to_string(),
            "Check that the proxy URL in Settings is right and the proxy is running; a browser \
             blocks the response when the proxy does not allow this page's origin."
                .to_string(),
        ),
        ErrorKind::TimedOut => (
            format!("The request timed out. {}", error.message),
            "Check that the proxy is running and can reach the ECI endpoint, then try again. \
             Refresh the list before you repeat a create or delete, because it may have taken \
             effect."
                .to_string(),
        ),
        ErrorKind::SignatureMismatch => (
            "The service computed a different signature for this request.".to_string(),
            "Check that the AccessKey secret belongs to this AccessKey ID; paste it again \
             without spaces."
                .to_string(),
        ),
        ErrorKind::IncompleteSignature => (
            "The request's signature is incomplete.".to_string(),
            "Check that the proxy forwards the query and body unchanged.".to_string(),
        ),
        ErrorKind::AccessKeyNotFound => (
            "The service does not know this AccessKey ID.".to_string(),
            "Check the AccessKey ID in Settings, or create an AccessKey in the RAM console."
                .to_string(),
        ),
        ErrorKind::AccessKeyDisabled => (
            "This AccessKey is disabled.".to_string(),
            "Enable it in the RAM console, or use another AccessKey.".to_string(),
        ),
        ErrorKind::ClockSkew => (
            "The request's timestamp is too far from the service's clock.".to_string(),
            "Set this computer's clock to the correct time and try again.".to_string(),
        ),
        ErrorKind::InvalidTimestampFormat => (
            "The service rejected the request's timestamp format.".to_string(),
            "Report this as a console bug; the timestamp must be UTC YYYY-MM-DDThh:mm:ssZ."
                .to_string(),
        ),
        ErrorKind::NonceReused => (
            "The service saw this request's nonce before.".to_string(),
            "Try again; every attempt is signed with a new nonce.".to_string(),
        ),
        ErrorKind::SecurityTokenExpired => (
            "The STS credentials have expired.".to_string(),
            "Paste new STS credentials (AccessKey ID, secret and security token) in Settings."
                .to_string(),
        ),
        ErrorKind::SecurityTokenMissing => (
            "These are STS credentials, but no security token was sent.".to_string(),
            "Paste new STS credentials (AccessKey ID, secret and security token) in Settings, \
             all three from the same AssumeRole response."
                .to_string(),
        ),
        ErrorKind::SecurityTokenInvalid => (
            "The STS security token is invalid or belongs to another AccessKey.".to_string(),
            "Paste new STS credentials, all three values from the same AssumeRole response."
                .to_string(),
        ),
        ErrorKind::Throttled => (
            "The service is throttling requests.".to_string(),
            "Wait a little and try again.".to_string(),
        ),
        ErrorKind::Forbidden => (
            "This AccessKey is not allowed to perform this action.".to_string(),
            "Grant the RAM user the ECI permission for this action (for example \
             AliyunECIFullAccess), or use another AccessKey."
                .to_string(),
        ),
        ErrorKind::InvalidParameter { parameter } => (
            match parameter {
                Some(name) => format!("The service rejected the value of {name}."),
                None => "The service rejected a parameter value.".to_string(),
            },
            "Correct the field and submit again.".to_string(),
        ),
        ErrorKind::MissingParameter { parameter } => (
            match parameter {
                Some(name) => format!("The service needs {name}, which was not sent."),
                None => "The service needs a parameter that was not sent.".to_string(),
            },
            "Fill in the field and submit again.".to_string(),
        ),
        ErrorKind::RegionNotFound => (
            "The service does not know this region.".to_string(),
            "Pick a region where ECI is available in Settings.".to_string(),
        ),
        ErrorKind::NotFound => (
            "The service did not find what the request names.".to_string(),
            "Refresh the list; the cache may have been deleted.".to_string(),
        ),
        ErrorKind::ServiceError => (
            format!("The service failed with HTTP {}.", error.http_status),
            "Try again in a moment; if it persists, quote the request id to support.".to_string(),
        ),
        ErrorKind::UnexpectedBody => (
            "The reply is not an ECI API response.".to_string(),
            "Check that the proxy URL in Settings points at the ECI proxy, not at a web page; \
             the details show what came back."
                .to_string(),
        ),
        ErrorKind::UpstreamFailed => (
            "The proxy got no response from the ECI endpoint.".to_string(),
            "Try again in a moment; if it persists, check the proxy's log and its network access."
                .to_string(),
        ),
        ErrorKind::ProxyRejected => (
            "The proxy rejected the request.".to_string(),
            "Check the region in Settings; the proxy forwards only to ECI endpoints of a valid \
             region."
                .to_string(),
        ),
        ErrorKind::OriginNotAllowed => (
            "The proxy does not accept requests from this page's address.".to_string(),
            "Start the proxy with --allow-origin set to this page's origin, or use another \
             proxy URL."
                .to_string(),
        ),
        ErrorKind::Other => (
            if error.code.is_empty() {
                format!("The request failed with HTTP {}.", error.http_status)
            } else {
                format!("The request failed with {}.", error.code)
            },
            "Open the details below; quote the request id if you contact support.".to_string(),
        ),
    };
    Guidance { title, action }
}

/// Returns the guidance for a reply that is not the service's JSON (an HTML page, an empty
/// or cut-off body, plain text), or `None` for a JSON reply or no reply at all. A reply
/// that carries an error code is the service's, whatever its shape.
fn guidance_for_body(error: &ApiError) -> Option<Guidance> {
    let status = error.http_status;
    if status == 0 || !error.code.is_empty() {
        return None;
    }
    let title = match error.body_shape() {
        BodyShape::Json => return None,
        BodyShape::Html => {
            format!("The reply is an HTML page with HTTP {status}, not an ECI API response.")
        }
        BodyShape::Xml => {
            format!(
                "The reply is XML with HTTP {status} and no error code, not an ECI API response."
            )
        }
        BodyShape::Text => {
            format!("The reply is plain text with HTTP {status}, not an ECI API response.")
        }
        BodyShape::Empty => format!("The reply has HTTP {status} and an empty body."),
        BodyShape::TruncatedJson => {
            format!("The reply with HTTP {status} was cut off before its JSON ended.")
        }
    };
    let action = if error.body_shape() == BodyShape::TruncatedJson {
        "The connection closed before the whole reply arrived. Refresh the list to see whether \
         the request took effect before you repeat it; if this persists, check the proxy's log."
    } else if status >= 500 {
        "A proxy or gateway on the way to ECI failed. Try again in a moment; if this persists, \
         check the proxy's log."
    } else {
        "Check that the proxy URL in Settings points at the ECI proxy, not at a web page; \
         the details show what came back."
    };
    Some(Guidance {
        title,
        action: action.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::DescribeImageCachesResponse;

    fn error(status: u16, body: &str) -> ApiError {
        parse_response::<DescribeImageCachesResponse>(status, Some("header-id"), body).unwrap_err()
    }

    #[test]
    fn parses_json_error_body() {
        let body = r#"{"RequestId":"req-1","HostId":"eci.cn-hangzhou.aliyuncs.com",
            "Code":"InvalidTimeStamp.Expired","Message":"Specified time stamp or date value is expired.",
            "Recommend":"https://example.invalid"}"#;
        let error = error(400, body);
        assert_eq!(error.code, "InvalidTimeStamp.Expired");
        assert_eq!(error.request_id, "req-1");
        assert_eq!(error.http_status, 400);
        assert_eq!(error.kind(), ErrorKind::ClockSkew);
    }

    #[test]
    fn html_body_keeps_status_and_header_id() {
        let error = error(502, "<html><body>Bad Gateway</body></html>");
        assert_eq!(error.code, "");
        assert_eq!(error.request_id, "header-id");
        assert_eq!(error.kind(), ErrorKind::ServiceError);
        assert!(error.is_retryable());
    }

    #[test]
    fn truncated_success_body_is_an_error() {
        let error = error(200, r#"{"RequestId":"r","ImageCaches":[{"Ima"#);
        assert_eq!(error.http_status, 200);
        assert!(
            error.message.contains("not the expected JSON"),
            "{}",
            error.message
        );
    }

    #[test]
    fn truncated_body_keeps_its_request_id() {
        let body = r#"{"RequestId":"5F3C-AB","ImageCaches":[{"Ima"#;
        let error = parse_response::<DescribeImageCachesResponse>(200, None, body).unwrap_err();
        assert_eq!(error.request_id, "5F3C-AB");
        let cut_in_id = r#"{"RequestId":"5F3C"#;
        let error = parse_response::<DescribeImageCachesResponse>(200, None, cut_in_id);
        assert_eq!(error.unwrap_err().request_id, "");
    }

    #[test]
    fn header_id_beats_body_text() {
        let body = r#"{"RequestId":"from-body","ImageCaches":[{"Ima"#;
        let error = parse_response::<DescribeImageCachesResponse>(200, Some("from-header"), body);
        assert_eq!(error.unwrap_err().request_id, "from-header");
    }

    #[test]
    fn empty_body_is_an_error() {
        let error = error(503, "");
        assert_eq!(error.kind(), ErrorKind::ServiceError);
    }

    #[test]
    fn empty_code_in_success_is_success() {
        let body = r#"{"RequestId":"r","Code":"","ImageCaches":[]}"#;
        let ok = parse_response::<DescribeImageCachesResponse>(200, None, body);
        assert_eq!(ok.unwrap().request_id, "r");
    }

    #[test]
    fn both_code_spellings_keep_the_error() {
        let body =
            r#"{"Code":"Throttling.User","code":"","Message":"slow down","RequestId":"r-9"}"#;
        let error = error(200, body);
        assert_eq!(error.code, "Throttling.User");
        assert_eq!(error.message, "slow down");
        assert_eq!(error.request_id, "r-9");
    }

    #[test]
    fn numeric_code_keeps_request_id() {
        let error = error(500, r#"{"Code":500,"RequestId":"r-5"}"#);
        assert_eq!(error.code, "500");
        assert_eq!(error.request_id, "r-5");
    }

    #[test]
    fn array_body_has_no_code() {
        let error = error(400, r#"["Throttling"]"#);
        assert_eq!(error.code, "");
        assert_eq!(error.request_id, "header-id");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let body = "\u{feff}{\"RequestId\":\"r\",\"TotalCount\":0}";
        let ok = parse_response::<DescribeImageCachesResponse>(200, None, body);
        assert_eq!(ok.unwrap().total_count, Some(0));
        let failure = error(
            400,
            "\u{feff}{\"Code\":\"InvalidParameter\",\"RequestId\":\"r\"}",
        );
        assert_eq!(failure.code, "InvalidParameter");
    }

    #[test]
    fn xml_error_body_is_read() {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><RequestId>r-x</RequestId>\
                    <HostId>eci.aliyuncs.com</HostId><Code>SignatureDoesNotMatch</Code>\
                    <Message>a &amp; b &lt;c&gt;</Message></Error>";
        let error = error(400, body);
        assert_eq!(error.code, "SignatureDoesNotMatch");
        assert_eq!(error.message, "a & b <c>");
        assert_eq!(error.request_id, "r-x");
        assert_eq!(error.body_shape(), BodyShape::Xml);
        assert_eq!(error.kind(), ErrorKind::SignatureMismatch);
    }

    #[test]
    fn success_parses() {
        let ok = parse_response::<DescribeImageCachesResponse>(200, None, r#"{"RequestId":"r"}"#);
        assert_eq!(ok.unwrap().request_id, "r");
    }

    #[test]
    fn parameter_named_in_code_or_message() {
        let by_code = classify(400, "InvalidImageCacheSize", "");
        assert_eq!(
            by_code,
            ErrorKind::InvalidParameter {
                parameter: Some("ImageCacheSize".into())
            }
        );

        let by_message = classify(
            400,
            "MissingParameter",
            "The input parameter \"ImageCacheName\" that is mandatory for processing this request is not supplied.",
        );
        assert_eq!(
            by_message,
            ErrorKind::MissingParameter {
                parameter: Some("ImageCacheName".into())
            }
        );

        let dotted = classify(400, "InvalidParameter.SecurityGroupId", "");
        assert_eq!(
            dotted,
            ErrorKind::InvalidParameter {
                parameter: Some("SecurityGroupId".into())
            }
        );
    }

    #[test]
    fn codes_map_to_kinds() {
        assert_eq!(
            classify(400, "SignatureDoesNotMatch", ""),
            ErrorKind::SignatureMismatch
        );
        assert_eq!(classify(400, "Throttling.User", ""), ErrorKind::Throttled);
        assert_eq!(
            classify(400, "InvalidSecurityToken.Expired", ""),
            ErrorKind::SecurityTokenExpired
        );
        assert_eq!(
            classify(400, "MissingSecurityToken", ""),
            ErrorKind::SecurityTokenMissing
        );
        assert_eq!(classify(403, "Forbidden.RAM", ""), ErrorKind::Forbidden);
        assert_eq!(
            classify(404, "InvalidAccessKeyId.NotFound", ""),
            ErrorKind::AccessKeyNotFound
        );
        assert_eq!(
            classify(0, "", "TypeError: Failed to fetch"),
            ErrorKind::Unreachable
        );
    }

    #[test]
    fn guidance_does_not_quote_message() {
        let error = ApiError {
            http_status: 400,
            code: "SignatureDoesNotMatch".into(),
            message: "server string to sign is:GET&%2F&AccessKeyId%3Dsecret-looking".into(),
            request_id: "r".into(),
            raw_body: String::new(),
        };
        let guidance = error.guidance();
        assert_eq!(
            guidance.title,
            "The service computed a different signature for this request."
        );
        assert!(!guidance.title.contains("secret-looking"));
        assert!(!guidance.action.contains("secret-looking"));
    }

    #[test]
    fn body_shapes() {
        assert_eq!(BodyShape::of(""), BodyShape::Empty);
        assert_eq!(BodyShape::of(" \r\n"), BodyShape::Empty);
        assert_eq!(BodyShape::of(r#"{"Code":"X"}"#), BodyShape::Json);
        assert_eq!(
            BodyShape::of(r#"{"RequestId":"r","ImageCaches":[{"Ima"#),
            BodyShape::TruncatedJson
        );
        assert_eq!(
            BodyShape::of("<html><body>502</body></html>"),
            BodyShape::Html
        );
        assert_eq!(BodyShape::of("upstream connect error"), BodyShape::Text);
        assert_eq!(BodyShape::of(r#"{"a":1}}"#), BodyShape::Text);
    }

    #[test]
    fn html_page_guidance() {
        let guidance = error(502, "<html><body>Bad Gateway</body></html>").guidance();
        assert_eq!(
            guidance.title,
            "The reply is an HTML page with HTTP 502, not an ECI API response."
        );
        assert_eq!(
            guidance.action,
            "A proxy or gateway on the way to ECI failed. Try again in a moment; if this \
             persists, check the proxy's log."
        );
    }

    #[test]
    fn html_page_with_200_points_at_proxy_url() {
        let guidance = error(200, "<!doctype html><title>Welcome</title>").guidance();
        assert_eq!(
            guidance.title,
            "The reply is an HTML page with HTTP 200, not an ECI API response."
        );
        assert_eq!(
            guidance.action,
            "Check that the proxy URL in Settings points at the ECI proxy, not at a web page; \
             the details show what came back."
        );
    }

    #[test]
    fn empty_body_guidance() {
        let guidance = error(500, "").guidance();
        assert_eq!(guidance.title, "The reply has HTTP 500 and an empty body.");
        assert!(
            guidance.action.starts_with("A proxy or gateway"),
            "{}",
            guidance.action
        );
    }

    #[test]
    fn truncated_json_guidance() {
        let guidance = error(200, r#"{"RequestId":"r","ImageCaches":[{"Ima"#).guidance();
        assert_eq!(
            guidance.title,
            "The reply with HTTP 200 was cut off before its JSON ended."
        );
        assert_eq!(
            guidance.action,
            "The connection closed before the whole reply arrived. Refresh the list to see \
             whether the request took effect before you repeat it; if this persists, check the \
             proxy's log."
        );
    }

    #[test]
    fn json_error_guidance_ignores_body_shape() {
        let body = r#"{"RequestId":"r","Code":"ServiceUnavailable","Message":"m"}"#;
        let guidance = error(503, body).guidance();
        assert_eq!(guidance.title, "The service failed with HTTP 503.");
    }

    #[test]
    fn no_response_points_at_proxy_url() {
        let error = ApiError::unreachable("TypeError: Failed to fetch");
        assert_eq!(error.kind(), ErrorKind::Unreachable);
        let guidance = error.guidance();
        assert_eq!(guidance.title, "The request got no response.");
        assert_eq!(
            guidance.action,
            "Check that the proxy URL in Settings is right and the proxy is running; a browser \
             blocks the response when the proxy does not allow this page's origin."
        );
    }

    #[test]
    fn timeout_is_its_own_kind() {
        let error = ApiError::timed_out(30_000);
        assert_eq!(error.kind(), ErrorKind::TimedOut);
        assert_eq!(error.http_status, 0);
        assert!(!error.is_retryable());
        assert_eq!(
            error.guidance().title,
            "The request timed out. No response arrived within 30 seconds."
        );
    }

    #[test]
    fn token_errors_ask_for_new_sts_credentials() {
        for code in [
            "InvalidSecurityToken.Expired",
            "MissingSecurityToken",
            "InvalidSecurityToken.MismatchWithAccessKey",
        ] {
            let body = format!(r#"{{"RequestId":"r","Code":"{code}","Message":"m"}}"#);
            let action = error(400, &body).guidance().action;
            assert!(
                action.starts_with("Paste new STS credentials"),
                "{code}: {action}"
            );
        }
    }
}
