//! CORS for the browser console.
//!
//! The console sends only simple requests (GET, or POST with a form body), but a preflight
//! can still come, for example when a page sets `Content-Type: application/json`. Headers are
//! set by hand, not with tower-http's `CorsLayer`, because the proxy also rejects unlisted
//! origins with 403 and answers preflights with 204, while `CorsLayer` (tower-http 0.6) only omits
//! the headers for an unlisted origin and responds to preflights with 200.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::json_error;

const ALLOW_METHODS: &str = "GET, POST, OPTIONS";
const ALLOW_HEADERS: &str = "content-type";
const MAX_AGE_SECS: &str = "600";
const EXPOSE_HEADERS: &str = "Date, x-acs-request-id, x-acs-trace-id, x-acs-retry-after";

/// Origins allowed to call the proxy. An empty list allows any origin.
pub(crate) struct CorsPolicy {
    allowed_origins: Vec<String>,
}

/// The value for `Access-Control-Allow-Origin`, or the reason to reject the request.
enum Decision {
    /// Any origin is allowed, so the response carries `*`.
    Any,
    /// The request `Origin` is in the allow list and is echoed back.
    Listed(HeaderValue),
    /// The request has no `Origin` header, as from curl, so no CORS header is needed.
    NoOrigin,
    /// The request `Origin` is not in the allow list.
    Rejected(String),
}

impl CorsPolicy {
    pub fn new(allowed_origins: Vec<String>) -> Self {
        CorsPolicy { allowed_origins }
    }

    fn decide(&self, headers: &HeaderMap) -> Decision {
        if self.allowed_origins.is_empty() {
            return Decision::Any;
        }
        let Some(origin) = headers.get(header::ORIGIN) else {
            return Decision::NoOrigin;
        };
        let listed = origin
            .to_str()
            .is_ok_and(|text| self.allowed_origins.iter().any(|allowed| allowed == text));
        if listed {
            Decision::Listed(origin.clone())
        } else {
            Decision::Rejected(String::from_utf8_lossy(origin.as_bytes()).into_owned())
        }
    }
}

/// Middleware that responds to preflights, rejects unlisted origins and adds CORS headers to
/// every other response.
pub(crate) async fn apply_cors(
    State(policy): State<Arc<CorsPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    let decision = policy.decide(request.headers());
    let allow_origin = match decision {
        Decision::Any => Some(HeaderValue::from_static("*")),
        Decision::Listed(origin) => Some(origin),
        Decision::NoOrigin => None,
        Decision::Rejected(origin) => {
            tracing::warn!(%origin, method = %request.method(), "rejected request from an origin not in the allow list");
            let message = format!(
                "origin {origin:?} is not allowed to use this proxy. Start eci-proxy with \
                 --allow-origin {origin} to allow it."
            );
            let mut response = json_error(StatusCode::FORBIDDEN, "OriginNotAllowed", &message);
            add_vary_origin(response.headers_mut());
            return response;
        }
    };

    let mut response = if request.method() == Method::OPTIONS {
        preflight_response()
    } else {
        next.run(request).await
    };

    let headers = response.headers_mut();
    if let Some(value) = allow_origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    add_vary_origin(headers);
    response
}

fn preflight_response() -> Response {
    let headers = [
        (header::ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS),
        (header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS),
        (header::ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECS),
    ];
    (StatusCode::NO_CONTENT, headers).into_response()
}

/// Appends `Vary: Origin`, because the `Access-Control-Allow-Origin` value and the 403 both
/// depend on the request origin when an allow list is set.
fn add_vary_origin(headers: &mut HeaderMap) {
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
}
