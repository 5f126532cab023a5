//! One HTTP exchange with the proxy: a signed request out, a parsed response back.
//!
//! The request is a CORS simple request, a GET or a POST with a form body and no custom
//! header, so the browser sends no preflight and the proxy only has to allow the origin.

use std::cell::Cell;
use std::rc::Rc;

use eci_core::api::{parse_response, ApiError};
use eci_core::request::SignedRequest;
use eci_core::signer::Method;
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, RequestCache, RequestInit};

use super::browser::{exception_text, now_ms};
use super::clock;

/// How long one attempt may take, response body included, before it is aborted.
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// Sends `signed` to `api_url` (`{proxy}/{region}/`) and parses the response as `T`.
pub async fn send_signed<T: DeserializeOwned>(
    api_url: &str,
    signed: &SignedRequest,
) -> Result<T, ApiError> {
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
    let (status, request_id, body) = fetch_text(&url, &init).await?;
    parse_response(status, request_id.as_deref(), &body)
}

/// Fetches `url` with a timeout and returns the status, the `x-acs-request-id` header and
/// the body text. The `Date` header, when the proxy exposes it, updates the clock offset.
/// A fetch that throws (network failure, CORS rejection, timeout) becomes
/// [`ApiError::unreachable`].
pub async fn fetch_text(
    url: &str,
    init: &RequestInit,
) -> Result<(u16, Option<String>, String), ApiError> {
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
            ApiError::unreachable(format!(
                "The request timed out after {} seconds.",
                REQUEST_TIMEOUT_MS / 1000
            ))
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
    if let Some(date) = headers.get("date") {
        clock::observe_date_header(&date, sent_at_ms, now_ms());
    }
    let status = response.status();
    let request_id = headers.get("x-acs-request-id");
    let body = response.text().await.map_err(describe_failure)?;
    Ok((status, request_id, body))
}

fn unreachable(value: JsValue) -> ApiError {
    ApiError::unreachable(exception_text(&value))
}
