//! Service errors and the HTTP responses that carry them.
//!
//! Every response, success or error, gets a fresh request id in the body's `RequestId` and
//! in the `x-acs-request-id` header, and a `Date` header from the emulator's clock (a
//! console estimates clock skew from it).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::clock::format_http_date;
use crate::faults::RETRY_AFTER_HEADER;

/// Header that carries the request id, as on the real service.
pub const REQUEST_ID_HEADER: &str = "x-acs-request-id";

/// An error code with its HTTP status and message, before a request id is attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    /// How long the client should wait before it retries, sent as `x-acs-retry-after`.
    pub retry_after: Option<u64>,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_string(),
            message: message.into(),
            retry_after: None,
        }
    }

    /// Adds an `x-acs-retry-after` header with `value` to the error response.
    pub fn with_retry_after(mut self, value: u64) -> Self {
        self.retry_after = Some(value);
        self
    }

    /// `MissingParameter` (400) naming `parameter` the way the service does.
    pub fn missing_parameter(parameter: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "MissingParameter",
            format!(
                "The input parameter \"{parameter}\" that is mandatory for processing this \
                 request is not supplied."
            ),
        )
    }

    /// `InvalidParameter` (400) naming `parameter`, followed by what is wrong with it.
    pub fn invalid_parameter(parameter: &str, detail: impl AsRef<str>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameter",
            format!(
                "The specified parameter \"{parameter}\" is not valid. {}",
                detail.as_ref()
            ),
        )
    }

    /// `InvalidImageCacheId.NotFound` (404) for an id that names no cache in the region.
    // NOTE: the real code and status for an unknown cache on Update and Delete are
    // unconfirmed; this follows the service's `Invalid{Name}.NotFound` pattern.
    pub fn cache_not_found(image_cache_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "InvalidImageCacheId.NotFound",
            format!("The specified image cache \"{image_cache_id}\" is not found."),
        )
    }
}

/// Body of an error response, with the fields the service returns.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorBody<'a> {
    request_id: &'a str,
    host_id: &'a str,
    code: &'a str,
    message: &'a str,
    recommend: String,
}

/// Returns the endpoint host the service would name in `HostId` for `region_id`.
pub fn host_id(region_id: Option<&str>) -> String {
    match region_id {
        Some(region) if !region.is_empty() => format!("eci.{region}.aliyuncs.com"),
        _ => "eci.aliyuncs.com".to_string(),
    }
}

/// Builds the JSON error response for `failure`.
pub fn error_response(
    failure: &ApiFailure,
    request_id: &str,
    host_id: &str,
    now_ms: i64,
) -> Response {
    let recommend = format!(
        "https://api.alibabacloud.com/troubleshoot?q={}&product=Eci&requestId={request_id}",
        failure.code
    );
    let body = ErrorBody {
        request_id,
        host_id,
        code: &failure.code,
        message: &failure.message,
        recommend,
    };
    let mut response = json_response(failure.status, &body, request_id, now_ms);
    if let Some(retry_after) = failure.retry_after {
        response
            .headers_mut()
            .insert(RETRY_AFTER_HEADER, HeaderValue::from(retry_after));
    }
    response
}

/// Builds a JSON response with the request-id and `Date` headers.
pub fn json_response<T: Serialize>(
    status: StatusCode,
    body: &T,
    request_id: &str,
    now_ms: i64,
) -> Response {
    let json = serde_json::to_string(body).expect("response bodies serialize to JSON");
    let mut response = (status, json).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID_HEADER, value);
    }
    if let Ok(value) = HeaderValue::from_str(&format_http_date(now_ms)) {
        headers.insert(header::DATE, value);
    }
    response
}
