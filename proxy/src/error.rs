//! JSON error responses in the shape of Alibaba Cloud RPC errors, so the console shows proxy
//! failures the same way as API errors.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Builds `{"Code": code, "Message": message}` with the given status.
pub(crate) fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "Code": code, "Message": message }).to_string();
    let content_type = HeaderValue::from_static("application/json; charset=utf-8");
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}
