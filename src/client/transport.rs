//! One HTTP exchange with the proxy: a signed request out, a parsed response back.
//!
//! The request is a CORS simple request, a GET or a POST with a form body and no custom
//! header, so the browser sends no preflight and the proxy only has to allow the origin.

use std::cell::Cell;
use std::rc::Rc;

use eci_core::api::{parse_response, ApiError, RequestIdResponse};
use eci_core::request::SignedRequest;
use eci_core::retry::parse_retry_after_ms;
use eci_core::signer::Method;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, RequestCache, RequestInit};

use super::browser::{exception_text, now_ms};
use super::clock;

/// How long one attempt may take, response body included, before it is aborted.
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// A response as it came back, before its body is parsed.
pub struct RawReply {
    pub status: u16,
    /// The `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// The `x-acs-retry-after` header in milliseconds.
    pub retry_after_ms: Option<u64>,
    pub body: String,
    /// The `Date` header with the local times (Unix milliseconds) at which the request was
    /// sent and the response arrived, from which the clock offset is measured.
    pub date: Option<DateSample>,
}

/// A response's `Date` header and when, locally, its exchange started and ended.
pub struct DateSample {
    pub header: String,
    pub sent_at_ms: f64,
    pub received_at_ms: f64,
}

/// The outcome of one signed attempt.
pub struct Reply<T> {
    /// HTTP status, or 0 when no response arrived.
    pub status: u16,
    /// The request id from the header or the body, empty when neither has one.
    pub request_id: String,
    pub retry_after_ms: Option<u64>,
    pub result: Result<T, ApiError>,
}

/// Sends `signed` to `api_url` (`{proxy}/{region}/`) and parses the response as `T`.
pub async fn send_signed<T: DeserializeOwned>(api_url: &str, signed: &SignedRequest) -> Reply<T> {
    let raw = match build_request(api_url, signed) {
        Ok((url, init)) => fetch_text(&url, &init).await,
        Err(error) => Err(error),
    };
    let raw = match raw {
        Ok(raw) => raw,
        Err(error) => {
            return Reply {
                status: 0,
                request_id: String::new(),
                retry_after_ms: None,
                result: Err(error),
            }
        }
    };
    let result = parse_response(raw.status, raw.request_id.as_deref(), &raw.body);
    let request_id = match (&result, raw.request_id) {
        (Err(error), _) => error.request_id.clone(),
        (Ok(_), Some(header)) => header,
        (Ok(_), None) => request_id_in_body(&raw.body),
    };
    // Only a reply that carries the service's request id has the service's clock in its
    // `Date`. The proxy's own errors and other pages carry the proxy machine's time, which
    // would undo a measured offset.
    if let Some(date) = raw.date.filter(|_| !request_id.is_empty()) {
        clock::observe_date_header(&date.header, date.sent_at_ms, date.received_at_ms);
    }
    Reply {
        status: raw.status,
        request_id,
        retry_after_ms: raw.retry_after_ms,
        result,
    }
}

/// Returns the URL and the fetch options for `signed`: a GET with the query in the URL,
/// or a POST with the form body.
fn build_request(api_url: &str, signed: &SignedRequest) -> Result<(String, RequestInit), ApiError> {
    let init = RequestInit::new();
    init.set_cache(RequestCache::NoStore);
    let url = match signed.method {
        Method::Get => format!("{api_url}?{}", signed.query()),
        Method::Post => {
            init.set_method("POST");
            init.set_body(&JsValue::from_str(signed.body().unwrap_or_default()));
            let headers = web_sys::Headers::new().map_err(unreachable)?;
            headers
                .set("Content-Type", "application/x-www-form-urlencoded")
                .map_err(unreachable)?;
            init.set_headers(&headers);
            api_url.to_string()
        }
    };
    Ok((url, init))
}

fn request_id_in_body(body: &str) -> String {
    serde_json::from_str::<RequestIdResponse>(body)
        .map(|response| response.request_id)
        .unwrap_or_default()
}

/// Fetches `url` with a timeout and returns the response, with its `Date` header when the
/// proxy exposes it. A fetch that throws (network failure, CORS
/// rejection) becomes [`ApiError::unreachable`], and one aborted after
/// [`REQUEST_TIMEOUT_MS`] becomes [`ApiError::timed_out`].
pub async fn fetch_text(url: &str, init: &RequestInit) -> Result<RawReply, ApiError> {
    let controller = AbortController::new().map_err(unreachable)?;
    init.set_signal(Some(&controller.signal()));
    let timed_out = Rc::new(Cell::new(false));
    // Dropping the timeout at the end of this function cancels it.
    let _timeout = {
        let timed_out = Rc::clone(&timed_out);
        Timeout::new(REQUEST_TIMEOUT_MS, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let describe_failure = |error: gloo_net::Error| {
        if timed_out.get() {
            ApiError::timed_out(REQUEST_TIMEOUT_MS)
        } else {
            ApiError::unreachable(error.to_string())
        }
    };

    let request = web_sys::Request::new_with_str_and_init(url, init).map_err(unreachable)?;
    let sent_at_ms = now_ms();
    let response = gloo_net::http::Request::from(request)
        .send()
        .await
        .map_err(describe_failure)?;
    let headers = response.headers();
    let date = headers.get("date").map(|header| DateSample {
        header,
        sent_at_ms,
        received_at_ms: now_ms(),
    });
    let status = response.status();
    let request_id = headers.get("x-acs-request-id");
    let retry_after_ms = headers
        .get("x-acs-retry-after")
        .and_then(|value| parse_retry_after_ms(&value));
    let body = response.text().await.map_err(describe_failure)?;
    Ok(RawReply {
        status,
        request_id,
        retry_after_ms,
        body,
        date,
    })
}

fn unreachable(value: JsValue) -> ApiError {
    ApiError::unreachable(exception_text(&value))
}
