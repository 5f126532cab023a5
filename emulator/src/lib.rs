//! Local emulator of the Elastic Container Instance image-cache API (version 2018-08-08).
//!
//! It serves RPC calls signed with signature V1 on `GET` and `POST /`, checks them the way
//! the service does, and keeps image caches in memory whose status moves through
//! Preparing, Creating and Ready (or Failed) as the clock runs. A demo console and the
//! end-to-end tests use it in place of an Alibaba Cloud account.

pub mod actions;
pub mod admin;
pub mod auth;
pub mod clock;
pub mod errors;
pub mod fault_replies;
pub mod faults;
pub mod ids;
pub mod lifecycle;
pub mod request;
pub mod spec;
pub mod state;
pub mod store;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use eci_core::request::API_VERSION;
use eci_core::signer;
use serde_json::{json, Value};

use crate::errors::{error_response, host_id, json_response, ApiFailure};
use crate::request::RpcParams;
pub use crate::state::{Config, Emulator};

/// Builds the HTTP routes of the emulator:
/// - `GET`/`POST /`: the RPC API, the only routes that the fault switches affect;
/// - `GET /demo-credentials`: the demo AccessKey pair as JSON;
/// - `GET /healthz`: `ok`;
/// - `/admin/…`: fault settings, reset and a cache listing for tests (see [`admin`]).
pub fn app(state: Emulator) -> Router {
    Router::new()
        .route("/", get(rpc).post(rpc))
        .route("/demo-credentials", get(demo_credentials))
        .route("/healthz", get(healthz))
        .merge(admin::routes())
        .fallback(unknown_path)
        .with_state(state)
}

/// Serves one API request, with the fault switches applied: the connection may be dropped
/// before the request is handled, the reply may be replaced by a malformed one after it
/// was handled, and every reply waits for the configured delay.
async fn rpc(
    State(emulator): State<Emulator>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = ids::request_id();
    let response = if emulator.faults().draw_dropped() {
        tracing::info!(%request_id, fault = "drop", "closing the connection without a response");
        fault_replies::dropped_connection()
    } else {
        let response = serve_rpc(&emulator, method, &uri, &headers, &body, &request_id);
        match emulator.faults().draw_garbage() {
            Some(garbage) => {
                tracing::info!(
                    %request_id,
                    fault = "garbage",
                    kind = garbage.as_str(),
                    "replacing the reply with a malformed one"
                );
                fault_replies::garbage_response(garbage, &request_id, emulator.now_ms())
            }
            None => response,
        }
    };
    let delay = emulator.faults().delay();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    response
}

/// Checks and runs one API request and builds its JSON reply.
fn serve_rpc(
    emulator: &Emulator,
    method: Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    request_id: &str,
) -> Response {
    let now_ms = emulator.now_ms();
    let method = if method == Method::POST {
        signer::Method::Post
    } else {
        signer::Method::Get
    };
    let params = decode_params(emulator, method, uri, headers, body, request_id);
    let action = params.get("Action").unwrap_or_default();
    let access_key_id = params.get("AccessKeyId").unwrap_or_default();

    match handle(&params, emulator, request_id, now_ms) {
        Ok(body) => {
            tracing::info!(action, access_key_id, code = "Success", %request_id, "request served");
            json_response(StatusCode::OK, &body, request_id, now_ms)
        }
        Err(failure) => {
            tracing::info!(
                action,
                access_key_id,
                code = %failure.code,
                status = failure.status.as_u16(),
                %request_id,
                "request rejected"
            );
            let host = host_id(params.non_empty("RegionId"));
            error_response(&failure, request_id, &host, now_ms)
        }
    }
}

/// Decodes the request's parameters, first turning each `%20` into `%2B` when the
/// mangle-plus switch is on.
fn decode_params(
    emulator: &Emulator,
    method: signer::Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    request_id: &str,
) -> RpcParams {
    if !emulator.faults().mangle_plus() {
        return RpcParams::decode(method, uri.query(), headers, body);
    }
    let query = uri.query().unwrap_or_default();
    let mangled_query = request::space_as_plus(query.as_bytes());
    let mangled_body = request::space_as_plus(body);
    let changed = mangled_query.as_ref() != query.as_bytes() || mangled_body.as_ref() != body;
    if changed {
        tracing::info!(%request_id, fault = "mangle-plus", "reading each %20 as %2B");
    }
    // Replacing one ASCII sequence with another keeps the query valid UTF-8.
    let query = String::from_utf8_lossy(&mangled_query);
    let query = uri.query().map(|_| query.as_ref());
    RpcParams::decode(method, query, headers, &mangled_body)
}

/// Runs the checks in the service's order, then the action. The fail-after switch may
/// then replace the action's outcome with `ServiceUnavailable`.
fn handle(
    params: &RpcParams,
    emulator: &Emulator,
    request_id: &str,
    now_ms: i64,
) -> Result<Value, ApiFailure> {
    if let Some(failure) = emulator.faults().draw_unavailable() {
        return Err(failure);
    }
    auth::authenticate(params, emulator, now_ms)?;
    if let Some(failure) = emulator.faults().draw_throttled() {
        return Err(failure);
    }
    let version = params.get("Version").unwrap_or_default();
    if version != API_VERSION {
        // NOTE: `InvalidVersion` follows the gateway's `Invalid{Name}` pattern; the exact
        // code for an unknown version of this product is unconfirmed.
        return Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "InvalidVersion",
            format!("Specified parameter Version is not valid. Use {API_VERSION}."),
        ));
    }
    let action = params.get("Action").unwrap_or_default();
    let outcome = actions::dispatch(action, params, emulator, request_id);
    if let Some(failure) = emulator.faults().draw_reply_lost() {
        let succeeded = outcome.is_ok();
        tracing::info!(
            action,
            request_id,
            succeeded,
            fault = "fail-after",
            "the action ran; replacing its reply with ServiceUnavailable"
        );
        return Err(failure);
    }
    outcome
}

async fn demo_credentials(State(emulator): State<Emulator>) -> Json<Value> {
    let config = emulator.config();
    Json(json!({
        "AccessKeyId": config.access_key_id,
        "AccessKeySecret": config.access_key_secret,
    }))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn unknown_path(State(emulator): State<Emulator>, uri: Uri) -> Response {
    let request_id = ids::request_id();
    let failure = ApiFailure::new(
        StatusCode::NOT_FOUND,
        "InvalidApi.NotFound",
        format!(
            "The emulator serves the RPC API at \"/\", not at \"{}\".",
            uri.path()
        ),
    );
    tracing::info!(path = uri.path(), code = %failure.code, %request_id, "request rejected");
    let response = error_response(&failure, &request_id, &host_id(None), emulator.now_ms());
    response.into_response()
}
