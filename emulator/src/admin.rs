//! Admin routes for tests: fault settings, a reset, and a cache listing that needs no
//! signature. The CORS proxy forwards only `/{region}/` paths, so a browser never reaches
//! them through it.
//!
//! - `GET /admin/faults` returns the fault settings and the clock offset as JSON:
//!   `{"fail_rate":0.0,"fail_after_rate":0.0,"drop_rate":0.0,"garbage_rate":0.0,
//!   "throttle_rate":0.0,"delay_ms":0,"garbage_kind":null,"mangle_plus":false,
//!   "clock_offset_secs":0}`.
//! - `POST /admin/faults` takes a JSON object with any of those fields, changes only the
//!   fields it contains, and returns the new settings. Rates must be from 0 to 1.
//! - `POST /admin/reset` removes every cache, client token and remembered nonce and
//!   returns `{"removed_caches":N}`.
//! - `GET /admin/caches` returns `{"count":N,"caches":[…]}` with every cache of every
//!   region, newest first, each as DescribeImageCaches shows it.
//!
//! Errors are `{"error":"…"}` with status 400 (invalid body) or 403 (remote client).

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};

use crate::faults::{FaultSettings, Garbage};
use crate::state::Emulator;

/// Body of `GET /admin/faults` and of the reply to `POST /admin/faults`.
#[derive(Debug, Serialize)]
struct FaultsView {
    #[serde(flatten)]
    faults: FaultSettings,
    clock_offset_secs: i64,
}

/// Names of the fields that `POST /admin/faults` accepts.
const FAULT_FIELDS: [&str; 9] = [
    "fail_rate",
    "fail_after_rate",
    "drop_rate",
    "garbage_rate",
    "throttle_rate",
    "delay_ms",
    "garbage_kind",
    "mangle_plus",
    "clock_offset_secs",
];

/// Body of `POST /admin/faults`: each field that is present replaces the current value.
#[derive(Debug, Default, PartialEq)]
struct FaultsUpdate {
    fail_rate: Option<f64>,
    fail_after_rate: Option<f64>,
    drop_rate: Option<f64>,
    garbage_rate: Option<f64>,
    throttle_rate: Option<f64>,
    delay_ms: Option<u64>,
    /// `Some(None)` sets the kinds to take turns again.
    garbage_kind: Option<Option<Garbage>>,
    mangle_plus: Option<bool>,
    clock_offset_secs: Option<i64>,
}

impl FaultsUpdate {
    /// Parses a JSON object body; an empty body changes nothing. The error names the
    /// field that is unknown or out of range.
    fn parse(body: &[u8]) -> Result<Self, String> {
        let mut update = Self::default();
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(update);
        }
        let value: Value = serde_json::from_slice(body)
            .map_err(|error| format!("The body is not valid JSON: {error}."))?;
        let Value::Object(fields) = value else {
            return Err(format!("The body must be a JSON object, got {value}."));
        };
        for (name, value) in &fields {
            match name.as_str() {
                "fail_rate" => update.fail_rate = Some(rate(name, value)?),
                "fail_after_rate" => update.fail_after_rate = Some(rate(name, value)?),
                "drop_rate" => update.drop_rate = Some(rate(name, value)?),
                "garbage_rate" => update.garbage_rate = Some(rate(name, value)?),
                "throttle_rate" => update.throttle_rate = Some(rate(name, value)?),
                "delay_ms" => {
                    let millis = value.as_u64().ok_or_else(|| {
                        format!(
                            "delay_ms must be a whole number of milliseconds from 0, got {value}."
                        )
                    })?;
                    update.delay_ms = Some(millis);
                }
                "garbage_kind" => update.garbage_kind = Some(garbage_kind(value)?),
                "mangle_plus" => {
                    let enabled = value.as_bool().ok_or_else(|| {
                        format!("mangle_plus must be true or false, got {value}.")
                    })?;
                    update.mangle_plus = Some(enabled);
                }
                "clock_offset_secs" => {
                    let seconds = value.as_i64().ok_or_else(|| {
                        format!("clock_offset_secs must be a whole number of seconds, got {value}.")
                    })?;
                    update.clock_offset_secs = Some(seconds);
                }
                _ => {
                    return Err(format!(
                        "Unknown field \"{name}\"; the fields are {}.",
                        FAULT_FIELDS.join(", ")
                    ))
                }
            }
        }
        Ok(update)
    }

    /// Returns `current` with the fault fields of this update.
    fn merge(&self, current: FaultSettings) -> FaultSettings {
        FaultSettings {
            fail_rate: self.fail_rate.unwrap_or(current.fail_rate),
            fail_after_rate: self.fail_after_rate.unwrap_or(current.fail_after_rate),
            drop_rate: self.drop_rate.unwrap_or(current.drop_rate),
            garbage_rate: self.garbage_rate.unwrap_or(current.garbage_rate),
            throttle_rate: self.throttle_rate.unwrap_or(current.throttle_rate),
            delay_ms: self.delay_ms.unwrap_or(current.delay_ms),
            garbage_kind: self.garbage_kind.unwrap_or(current.garbage_kind),
            mangle_plus: self.mangle_plus.unwrap_or(current.mangle_plus),
        }
    }
}

/// Reads the `garbage_kind` field: the name of one kind, or `null` to take turns.
fn garbage_kind(value: &Value) -> Result<Option<Garbage>, String> {
    if value.is_null() {
        return Ok(None);
    }
    let kind = value.as_str().and_then(Garbage::from_name);
    kind.map(Some).ok_or_else(|| {
        let names: Vec<&str> = Garbage::CYCLE.iter().map(|kind| kind.as_str()).collect();
        format!(
            "garbage_kind must be one of {} or null, got {value}.",
            names.join(", ")
        )
    })
}

/// Reads a rate field, which must be a number from 0 to 1.
fn rate(name: &str, value: &Value) -> Result<f64, String> {
    value
        .as_f64()
        .filter(|rate| (0.0..=1.0).contains(rate))
        .ok_or_else(|| format!("{name} must be a number from 0 to 1, got {value}."))
}

/// Builds the `/admin/…` routes, open only to clients on this host.
pub fn routes() -> Router<Emulator> {
    Router::new()
        .route("/admin/faults", get(show_faults).post(change_faults))
        .route("/admin/reset", post(reset))
        .route("/admin/caches", get(list_caches))
        .route_layer(middleware::from_fn(loopback_only))
}

/// Rejects admin requests from other hosts with 403. The peer address is known only when
/// the server was started with connect info, as `main` does. Requests without one, such
/// as those a test sends to the router in process, pass.
async fn loopback_only(request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| *address);
    if let Some(peer) = peer {
        if !peer.ip().to_canonical().is_loopback() {
            tracing::warn!(%peer, path = request.uri().path(), "admin request from another host rejected");
            return error(
                StatusCode::FORBIDDEN,
                format!("The admin routes accept only clients on this host, not {peer}."),
            );
        }
    }
    next.run(request).await
}

fn error(status: StatusCode, message: String) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

fn faults_view(emulator: &Emulator) -> FaultsView {
    FaultsView {
        faults: emulator.faults().settings(),
        clock_offset_secs: emulator.clock().offset_ms().div_euclid(1000),
    }
}

async fn show_faults(State(emulator): State<Emulator>) -> Json<FaultsView> {
    Json(faults_view(&emulator))
}

async fn change_faults(State(emulator): State<Emulator>, body: Bytes) -> Response {
    let update = match FaultsUpdate::parse(&body) {
        Ok(update) => update,
        Err(message) => {
            tracing::info!(%message, "fault settings rejected");
            return error(StatusCode::BAD_REQUEST, message);
        }
    };
    emulator
        .faults()
        .apply(&update.merge(emulator.faults().settings()));
    if let Some(offset_secs) = update.clock_offset_secs {
        emulator.clock().set_offset_secs(offset_secs);
    }
    let view = faults_view(&emulator);
    tracing::info!(?view, "fault settings changed");
    Json(view).into_response()
}

async fn reset(State(emulator): State<Emulator>) -> Json<serde_json::Value> {
    let removed = emulator.reset();
    tracing::info!(removed_caches = removed, "emulator reset");
    Json(json!({ "removed_caches": removed }))
}

async fn list_caches(State(emulator): State<Emulator>) -> Json<serde_json::Value> {
    let now_ms = emulator.now_ms();
    let caches = emulator.store().all(now_ms);
    Json(json!({ "count": caches.len(), "caches": caches }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_changes_only_given_fields() {
        let current = FaultSettings {
            fail_rate: 0.5,
            delay_ms: 10,
            ..Default::default()
        };
        let update = FaultsUpdate::parse(br#"{"drop_rate":0.25}"#).unwrap();
        let merged = update.merge(current);
        assert_eq!(merged.fail_rate, 0.5);
        assert_eq!(merged.drop_rate, 0.25);
        assert_eq!(merged.delay_ms, 10);
    }

    #[test]
    fn update_sets_garbage_kind_and_mangle() {
        let update =
            FaultsUpdate::parse(br#"{"garbage_kind":"empty-body","mangle_plus":true}"#).unwrap();
        let merged = update.merge(FaultSettings::default());
        assert_eq!(merged.garbage_kind, Some(Garbage::EmptyBody));
        assert!(merged.mangle_plus);

        let back = FaultsUpdate::parse(br#"{"garbage_kind":null}"#).unwrap();
        assert_eq!(back.merge(merged).garbage_kind, None);
        assert!(
            back.merge(merged).mangle_plus,
            "fields not sent stay as they were"
        );
    }

    #[test]
    fn empty_body_changes_nothing() {
        assert_eq!(
            FaultsUpdate::parse(b" \n").unwrap(),
            FaultsUpdate::default()
        );
        assert_eq!(FaultsUpdate::parse(b"{}").unwrap(), FaultsUpdate::default());
    }

    #[test]
    fn parse_names_the_bad_field() {
        let cases: [(&[u8], &str); 8] = [
            (br#"{"garbage_rate":1.5}"#, "garbage_rate"),
            (
                br#"{"garbage_kind":"html"}"#,
                "html-page, empty-body, truncated-json",
            ),
            (br#"{"mangle_plus":1}"#, "mangle_plus"),
            (br#"{"throttle_rate":"0.5"}"#, "throttle_rate"),
            (br#"{"delay_ms":2.5}"#, "delay_ms"),
            (br#"{"clock_offset_secs":null}"#, "clock_offset_secs"),
            (br#"{"fail_rat":1}"#, "\"fail_rat\""),
            (b"[1]", "JSON object"),
        ];
        for (body, expected) in cases {
            let message = FaultsUpdate::parse(body).unwrap_err();
            assert!(message.contains(expected), "{message}");
        }
    }
}
