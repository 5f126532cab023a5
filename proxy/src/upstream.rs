//! HTTP client for the upstream exchange.
//!
//! hyper sends the request target exactly as the `http::Uri` stores it, so the signed query
//! reaches ECI byte for byte. TLS uses rustls with the Mozilla roots from `webpki-roots`.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, Request, StatusCode};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Body as _, Incoming};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::config::MAX_RESPONSE_BYTES;

/// Upstream response, read in full so that a failure mid-body still becomes a JSON error.
pub(crate) struct UpstreamResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// Failure of one upstream exchange. Messages name the target base URL, never the query.
#[derive(Debug, thiserror::Error)]
pub(crate) enum UpstreamError {
    #[error("{target} did not send a complete response within {} s", .after.as_secs_f64())]
    Timeout { target: String, after: Duration },
    #[error("request to {target} failed: {detail}")]
    Request { target: String, detail: String },
    #[error("reading the response body from {target} failed: {detail}")]
    Body { target: String, detail: String },
    #[error("{target} sent a response body over the limit of {MAX_RESPONSE_BYTES} bytes")]
    TooLarge { target: String },
}

#[derive(Clone)]
pub(crate) struct UpstreamClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
}

impl UpstreamClient {
    pub fn new(timeout: Duration) -> Self {
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(tls_config())
            // Plain http is for `--upstream` pointing at the local emulator. The ECI
            // endpoints that the proxy builds itself are always https.
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        UpstreamClient { client, timeout }
    }

    /// Sends `request` and reads the whole response within the configured timeout.
    /// `target` is the base URL used in error messages.
    pub async fn send(
        &self,
        request: Request<Full<Bytes>>,
        target: &str,
    ) -> Result<UpstreamResponse, UpstreamError> {
        let exchange = async {
            let response =
                self.client
                    .request(request)
                    .await
                    .map_err(|error| UpstreamError::Request {
                        target: target.to_string(),
                        detail: error_chain(&error),
                    })?;
            let (parts, body) = response.into_parts();
            let body = read_limited(body, target).await?;
            Ok(UpstreamResponse {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(UpstreamError::Timeout {
                target: target.to_string(),
                after: self.timeout,
            }),
        }
    }
}

/// Reads a response body of at most [`MAX_RESPONSE_BYTES`], so that a broken or hostile
/// upstream cannot make the proxy buffer without bound. A declared `Content-Length` over the
/// limit fails before any of the body is read.
async fn read_limited(body: Incoming, target: &str) -> Result<Bytes, UpstreamError> {
    let too_large = || UpstreamError::TooLarge {
        target: target.to_string(),
    };
    if body.size_hint().lower() > MAX_RESPONSE_BYTES as u64 {
        return Err(too_large());
    }
    match Limited::new(body, MAX_RESPONSE_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(error) => Err(UpstreamError::Body {
            target: target.to_string(),
            detail: error_chain(error.as_ref()),
        }),
    }
}

/// Builds a TLS config with ring chosen explicitly, so the build never depends on which
/// rustls crypto provider another crate in the graph enables as the process default.
fn tls_config() -> rustls::ClientConfig {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// Joins an error and its sources, because hyper's top-level messages such as
/// "client error (Connect)" hide the cause (connection refused, DNS failure, TLS alert).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
