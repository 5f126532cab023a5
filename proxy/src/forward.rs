//! The forwarding handler for `/{region}/` and `/{region}`.
//!
//! The query string and the body go upstream exactly as they arrived, because the Alibaba
//! Cloud RPC signature covers their percent-encoded form: decoding and encoding `%3D`, `%26`,
//! `%20` or `%22` again breaks the signature. Only `Content-Type` and `Accept` are forwarded,
//! so cookies and `Origin` never reach ECI.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Body as _;

use crate::config::MAX_BODY_BYTES;
use crate::endpoint::{eci_base_url, forward_url, region_from_path, upstream_base_url, PathError};
use crate::error::json_error;
use crate::upstream::{UpstreamError, UpstreamResponse};
use crate::AppState;

/// Request headers copied to the upstream request.
const FORWARDED_REQUEST_HEADERS: [HeaderName; 2] = [header::CONTENT_TYPE, header::ACCEPT];

/// Response headers copied back to the browser. hyper adds its own `Date` when the upstream
/// sends none. `x-acs-retry-after` is the service's wait hint on throttling.
const FORWARDED_RESPONSE_HEADERS: [&str; 5] = [
    "content-type",
    "date",
    "x-acs-request-id",
    "x-acs-trace-id",
    "x-acs-retry-after",
];

/// Longest `Action` value written to the log. ECI action names are short identifiers such as
/// `DescribeImageCaches`, and anything longer is treated as not an action name.
const MAX_ACTION_LEN: usize = 64;

/// Forwards a GET or POST to the region's ECI endpoint, or to `--upstream` when set.
pub(crate) async fn forward(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let raw_path = request.uri().path().to_string();

    let region = match region_from_path(&raw_path) {
        Ok(region) => region.to_string(),
        Err(PathError::NotFound) => {
            tracing::info!(%method, path = %raw_path, "no route for path");
            let message = format!(
                "no route for {raw_path:?}. The proxy serves /{{region}}/ such as /cn-hangzhou/, \
                 /healthz and, with --upstream, /emulator/demo-credentials."
            );
            return json_error(StatusCode::NOT_FOUND, "NotFound", &message);
        }
        Err(PathError::InvalidRegion) => {
            tracing::warn!(%method, path = %raw_path, "rejected invalid region");
            let message = format!(
                "invalid region in path {raw_path:?}. Expected lowercase letters, digits and \
                 hyphens such as /cn-hangzhou/ or /ap-southeast-1/."
            );
            return json_error(StatusCode::BAD_REQUEST, "InvalidRegion", &message);
        }
    };

    if method != Method::GET && method != Method::POST {
        tracing::warn!(%method, %region, "rejected method");
        let message = format!("method {method} is not allowed on /{region}/. Use GET or POST.");
        let mut response = json_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", &message);
        let allow = HeaderValue::from_static("GET, POST, OPTIONS");
        response.headers_mut().insert(header::ALLOW, allow);
        return response;
    }

    if let Some(coding) = unsupported_transfer_coding(request.headers()) {
        tracing::warn!(%method, %region, %coding, "rejected transfer coding");
        let message = format!(
            "transfer coding {coding:?} is not supported. Send the body with Content-Length \
             or with Transfer-Encoding: chunked alone."
        );
        return json_error(
            StatusCode::NOT_IMPLEMENTED,
            "UnsupportedTransferEncoding",
            &message,
        );
    }

    let target = match &state.config.upstream {
        Some(upstream) => upstream_base_url(upstream),
        None => eci_base_url(&region, state.config.vpc),
    };
    let (parts, body) = request.into_parts();
    let url = forward_url(&target, parts.uri.query());

    let body = match read_body(body).await {
        Ok(body) => body,
        Err(response) => {
            tracing::warn!(%method, %region, status = %response.status(), "rejected request body");
            return response;
        }
    };
    let action = action_name(parts.uri.query(), &body)
        .unwrap_or("-")
        .to_string();

    let mut builder = Request::builder().method(method.clone()).uri(url.as_str());
    for name in FORWARDED_REQUEST_HEADERS {
        if let Some(value) = parts.headers.get(&name) {
            builder = builder.header(name, value);
        }
    }
    let upstream_request = match builder.body(Full::new(body)) {
        Ok(request) => request,
        Err(error) => {
            // The URL is built from a checked region or a parsed --upstream URL plus a query
            // that hyper already accepted, so this only fires on a bug.
            tracing::error!(%method, %region, %action, %error, "failed to build upstream request");
            let message = format!("failed to build the request to {target}: {error}");
            return json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "ProxyInternalError",
                &message,
            );
        }
    };

    match state.upstream.send(upstream_request, &target).await {
        Ok(response) => {
            let request_id = header_text(&response.headers, "x-acs-request-id");
            tracing::info!(
                %method,
                %region,
                %action,
                status = response.status.as_u16(),
                request_id,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "forwarded"
            );
            pass_through(response)
        }
        Err(error) => {
            tracing::error!(
                %method,
                %region,
                %action,
                %error,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "upstream request failed"
            );
            upstream_error_response(&error, state.config.upstream.is_some())
        }
    }
}

/// Returns the first transfer coding other than `chunked`. hyper removes only the chunked
/// framing, so a body sent with `gzip, chunked` would otherwise go upstream still coded, as if
/// it were the form body. RFC 9112, section 6.1, recommends 501 for a transfer coding that
/// the server does not understand.
fn unsupported_transfer_coding(headers: &HeaderMap) -> Option<String> {
    let codings = headers
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b','));
    codings
        .map(|coding| String::from_utf8_lossy(coding).trim().to_string())
        .find(|coding| !coding.eq_ignore_ascii_case("chunked"))
}

/// Reads the request body up to [`MAX_BODY_BYTES`], or returns the error response. A declared
/// `Content-Length` over the limit is rejected before any of the body is read, so a client
/// that sends `Expect: 100-continue` gets 413 instead of `100 Continue`.
async fn read_body(body: Body) -> Result<Bytes, Response> {
    if body.size_hint().lower() > MAX_BODY_BYTES as u64 {
        return Err(body_too_large());
    }
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => Err(body_too_large()),
        Err(error) => {
            let message = format!("failed to read the request body: {error}");
            Err(json_error(
                StatusCode::BAD_REQUEST,
                "InvalidRequestBody",
                &message,
            ))
        }
    }
}

fn body_too_large() -> Response {
    let message = format!(
        "request body exceeds the limit of {MAX_BODY_BYTES} bytes. ECI RPC requests are far \
         smaller, so check what the client sends."
    );
    json_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestBodyTooLarge",
        &message,
    )
}

/// Copies status, body and the allowed headers of an upstream response.
pub(crate) fn pass_through(upstream: UpstreamResponse) -> Response {
    let mut response = (upstream.status, upstream.body).into_response();
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_TYPE);
    for name in FORWARDED_RESPONSE_HEADERS {
        if let Some(value) = upstream.headers.get(name) {
            headers.insert(HeaderName::from_static(name), value.clone());
        }
    }
    response
}

/// Maps an upstream failure to 504 for a timeout and 502 otherwise.
pub(crate) fn upstream_error_response(error: &UpstreamError, has_upstream: bool) -> Response {
    let (status, advice) = match error {
        UpstreamError::Timeout { .. } => (
            StatusCode::GATEWAY_TIMEOUT,
            "Check the network path from the proxy to the endpoint, or raise --timeout-secs",
        ),
        UpstreamError::TooLarge { .. } => (
            StatusCode::BAD_GATEWAY,
            "ECI responses are far smaller, so check that the proxy reaches the intended server",
        ),
        UpstreamError::Request { .. } | UpstreamError::Body { .. } if has_upstream => (
            StatusCode::BAD_GATEWAY,
            "Check that the --upstream server is running and that the URL is correct",
        ),
        UpstreamError::Request { .. } | UpstreamError::Body { .. } => (
            StatusCode::BAD_GATEWAY,
            "Check that the region exists and that the proxy host can reach it over HTTPS",
        ),
    };
    let message = format!("{error}. {advice}.");
    json_error(status, "ProxyUpstreamError", &message)
}

/// Finds the `Action` parameter in the query, or else in a form body, for logging. Returns
/// `None` unless the value is a plain ASCII identifier, so nothing else from the signed
/// request can reach the log.
fn action_name<'a>(query: Option<&'a str>, body: &'a [u8]) -> Option<&'a str> {
    let from_query = query.and_then(find_action);
    let from_body = || std::str::from_utf8(body).ok().and_then(find_action);
    from_query.or_else(from_body)
}

fn find_action(params: &str) -> Option<&str> {
    let value = params
        .split('&')
        .find_map(|pair| pair.strip_prefix("Action="))?;
    let plain = !value.is_empty()
        && value.len() <= MAX_ACTION_LEN
        && value.bytes().all(|b| b.is_ascii_alphanumeric());
    plain.then_some(value)
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_from_query() {
        let query = "AccessKeyId=AK&Action=DescribeImageCaches&Signature=x%3D";
        assert_eq!(action_name(Some(query), b""), Some("DescribeImageCaches"));
    }

    #[test]
    fn action_from_form_body() {
        let body = b"Signature=abc&Action=CreateImageCache&RegionId=cn-hangzhou";
        assert_eq!(action_name(Some("x=1"), body), Some("CreateImageCache"));
    }

    #[test]
    fn action_rejects_non_identifier() {
        assert_eq!(action_name(Some("Action=a%20b"), b""), None);
        assert_eq!(action_name(Some("Action="), b""), None);
        let long = format!("Action={}", "A".repeat(MAX_ACTION_LEN + 1));
        assert_eq!(action_name(Some(&long), b""), None);
    }

    #[test]
    fn action_missing() {
        assert_eq!(action_name(None, b"AccessKeyId=AK"), None);
    }
}
