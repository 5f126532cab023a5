//! Logs name the action and the outcome but never the query, the body or credentials.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use common::{closed_addr, config_for, oneshot, FakeUpstream, Reply};

const SECRETS: [&str; 4] = [
    "LTAIsecretKeyId",
    "secretSignatureValue",
    "secretSecurityToken",
    "secretNonce",
];

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn signed_request(method: &str) -> Request {
    let params = "AccessKeyId=LTAIsecretKeyId&Action=CreateImageCache\
        &SecurityToken=secretSecurityToken&Signature=secretSignatureValue\
        &SignatureNonce=secretNonce";
    let builder = Request::builder().method(method);
    if method == "GET" {
        let uri = format!("/cn-hangzhou/?{params}");
        builder.uri(uri).body(Body::empty()).unwrap()
    } else {
        builder
            .uri("/cn-hangzhou/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(params))
            .unwrap()
    }
}

/// Runs `request` against the proxy and returns what it logged. The tokio test runtime is
/// single-threaded, so the thread-local subscriber receives events from the handler and the spawned tasks.
async fn logs_of(upstream_url: &str, request: Request) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    oneshot(config_for(upstream_url), request).await;
    captured.text()
}

fn assert_no_secrets(logs: &str) {
    for secret in SECRETS {
        assert!(!logs.contains(secret), "log contains {secret}:\n{logs}");
    }
}

#[tokio::test]
async fn forwarded_get_logged() {
    let reply = Reply {
        headers: vec![("x-acs-request-id", "REQ-123")],
        ..Reply::default()
    };
    let upstream = FakeUpstream::start(reply).await;
    let logs = logs_of(&upstream.url(), signed_request("GET")).await;

    assert!(logs.contains("forwarded"), "{logs}");
    assert!(logs.contains("action=CreateImageCache"), "{logs}");
    assert!(logs.contains("region=cn-hangzhou"), "{logs}");
    assert!(logs.contains("status=200"), "{logs}");
    assert!(logs.contains("REQ-123"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn forwarded_post_logged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let logs = logs_of(&upstream.url(), signed_request("POST")).await;

    assert!(logs.contains("action=CreateImageCache"), "{logs}");
    assert!(logs.contains("method=POST"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn upstream_error_logged() {
    let down = closed_addr().await;
    let logs = logs_of(&format!("http://{down}"), signed_request("GET")).await;

    assert!(logs.contains("upstream request failed"), "{logs}");
    assert!(logs.contains("ERROR"), "{logs}");
    assert_no_secrets(&logs);
}
