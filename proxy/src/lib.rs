//! `eci-proxy`: a CORS proxy between the browser console and Alibaba Cloud ECI.
//!
//! ECI endpoints send no CORS headers, so the console, which signs RPC signature V1 requests
//! in the browser, sends them here. The contract:
//!
//! - `GET` and `POST` on `/{region}/` go to `https://eci.{region}.aliyuncs.com/` (or
//!   `eci-vpc.…` with [`Config::vpc`], or [`Config::upstream`] when set). The host comes only
//!   from a region that matches `^[a-z]{2}(-[a-z0-9]+){1,3}$`, so the proxy reaches ECI
//!   endpoints and nothing else.
//! - The query string and the body are forwarded byte for byte, because the signature covers
//!   their encoded form. Only `Content-Type` and `Accept` request headers go upstream.
//! - Status and body come back unchanged, with `Content-Type`, `Date`, `x-acs-request-id`,
//!   `x-acs-trace-id` and `x-acs-retry-after`, plus CORS headers. Other upstream headers, such as `Set-Cookie` and
//!   `Location`, are dropped, and redirects are never followed. Response bodies over
//!   [`config::MAX_RESPONSE_BYTES`] get 502.
//! - Logs carry the method, region, `Action`, status, request id and duration, never the
//!   query, the body or any credential.

pub mod config;
mod cors;
pub mod endpoint;
mod error;
mod forward;
mod upstream;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{Method, Request};
use axum::response::Response;
use axum::routing::get;
use axum::{middleware, Router};
use http_body_util::Full;

pub use config::Config;

use crate::cors::{apply_cors, CorsPolicy};
use crate::endpoint::demo_credentials_url;
use crate::upstream::UpstreamClient;

pub(crate) struct AppState {
    config: Config,
    upstream: UpstreamClient,
}

/// Builds the proxy's router: `/{region}/` forwarding, `/healthz`, and
/// `/emulator/demo-credentials` when [`Config::upstream`] is set, all behind the CORS layer.
pub fn app(config: Config) -> Router {
    let cors = Arc::new(CorsPolicy::new(config.allowed_origins.clone()));
    let has_upstream = config.upstream.is_some();
    let upstream = UpstreamClient::new(config.timeout);
    let state = Arc::new(AppState { config, upstream });

    let mut router = Router::new().route("/healthz", get(healthz));
    if has_upstream {
        router = router.route("/emulator/demo-credentials", get(demo_credentials));
    }
    router
        .fallback(forward::forward)
        .with_state(state)
        .layer(middleware::from_fn_with_state(cors, apply_cors))
}

async fn healthz() -> &'static str {
    "ok"
}

/// Returns the emulator's demo AccessKey pair from `{upstream}/demo-credentials`. The console
/// offers the demo pair only when this route returns it.
async fn demo_credentials(State(state): State<Arc<AppState>>) -> Response {
    // The route exists only when `upstream` is set, see `app`.
    let Some(upstream) = &state.config.upstream else {
        unreachable!("/emulator/demo-credentials is routed only with an upstream");
    };
    let url = demo_credentials_url(upstream);
    let request = Request::builder()
        .method(Method::GET)
        .uri(url.as_str())
        .body(Full::default())
        .expect("a URL built from a parsed --upstream URL is valid");
    match state.upstream.send(request, &url).await {
        Ok(response) => {
            tracing::info!(
                status = response.status.as_u16(),
                "forwarded demo-credentials"
            );
            forward::pass_through(response)
        }
        Err(error) => {
            tracing::error!(%error, "demo-credentials request failed");
            forward::upstream_error_response(&error, true)
        }
    }
}
