//! Logs name the action and the outcome but never the query, the body or credentials.

mod common;

use std::io::Write;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use common::{closed_addr, config_for, oneshot, FakeUpstream, Reply, ScriptedUpstream};
use eci_proxy::config::{MAX_BODY_BYTES, MAX_RESPONSE_BYTES};
use eci_proxy::Config;
use hyper::body::Frame;
use tokio::io::AsyncWriteExt;

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

const PARAMS: &str = "AccessKeyId=LTAIsecretKeyId&Action=CreateImageCache\
    &SecurityToken=secretSecurityToken&Signature=secretSignatureValue\
    &SignatureNonce=secretNonce";

fn signed_request(method: &str) -> Request {
    let builder = Request::builder().method(method);
    if method == "GET" {
        let uri = format!("/cn-hangzhou/?{PARAMS}");
        builder.uri(uri).body(Body::empty()).unwrap()
    } else {
        builder
            .uri("/cn-hangzhou/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(PARAMS))
            .unwrap()
    }
}

/// Builds a request to `path` with the signed parameters in the query and in the body.
fn signed_request_to(method: &str, path: &str) -> Request {
    Request::builder()
        .method(method)
        .uri(format!("{path}?{PARAMS}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(PARAMS))
        .unwrap()
}

/// Runs `request` against the proxy and returns what it logged. The tokio test runtime is
/// single-threaded, so the thread-local subscriber receives events from the handler and the spawned tasks.
async fn logs_of(upstream_url: &str, request: Request) -> String {
    logs_with_config(config_for(upstream_url), request).await
}

async fn logs_with_config(config: Config, request: Request) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    oneshot(config, request).await;
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

#[tokio::test]
async fn invalid_region_logged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let logs = logs_of(&upstream.url(), signed_request_to("GET", "/evil.test/")).await;

    assert!(logs.contains("rejected invalid region"), "{logs}");
    assert!(logs.contains("/evil.test/"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn no_route_logged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let request = signed_request_to("POST", "/cn-hangzhou/extra");
    let logs = logs_of(&upstream.url(), request).await;

    assert!(logs.contains("no route for path"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn method_rejection_logged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let logs = logs_of(&upstream.url(), signed_request_to("PUT", "/cn-hangzhou/")).await;

    assert!(logs.contains("rejected method"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn origin_rejection_logged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let config = Config {
        allowed_origins: vec!["http://127.0.0.1:8080".to_string()],
        ..config_for(&upstream.url())
    };
    let mut request = signed_request_to("POST", "/cn-hangzhou/");
    let origin = "http://evil.test".parse().unwrap();
    request.headers_mut().insert("origin", origin);
    let logs = logs_with_config(config, request).await;

    assert!(logs.contains("not in the allow list"), "{logs}");
    assert!(logs.contains("http://evil.test"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn oversized_body_logged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let padding = "a".repeat(MAX_BODY_BYTES);
    let request = Request::builder()
        .method("POST")
        .uri(format!("/cn-hangzhou/?{PARAMS}"))
        .body(Body::from(format!("{PARAMS}&Pad={padding}")))
        .unwrap();
    let logs = logs_of(&upstream.url(), request).await;

    assert!(logs.contains("rejected request body"), "{logs}");
    assert!(logs.contains("413"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn broken_body_logged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let request = Request::builder()
        .method("POST")
        .uri(format!("/cn-hangzhou/?{PARAMS}"))
        .body(Body::new(FailingBody { sent: false }))
        .unwrap();
    let logs = logs_of(&upstream.url(), request).await;

    assert!(logs.contains("rejected request body"), "{logs}");
    assert!(logs.contains("400"), "{logs}");
    assert_no_secrets(&logs);
}

/// Request body that yields the signed parameters and then fails, like a client that drops
/// the connection mid-body.
struct FailingBody {
    sent: bool,
}

impl hyper::body::Body for FailingBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if self.sent {
            let error = std::io::Error::other("client went away");
            return Poll::Ready(Some(Err(error)));
        }
        self.sent = true;
        let data = Bytes::from_static(PARAMS.as_bytes());
        Poll::Ready(Some(Ok(Frame::data(data))))
    }
}

#[tokio::test]
async fn transfer_coding_rejection_logged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let mut request = signed_request_to("POST", "/cn-hangzhou/");
    let coding = "gzip, chunked".parse().unwrap();
    request.headers_mut().insert("transfer-encoding", coding);
    let logs = logs_of(&upstream.url(), request).await;

    assert!(logs.contains("rejected transfer coding"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn upstream_timeout_logged() {
    let reply = Reply {
        delay: Duration::from_secs(10),
        ..Reply::default()
    };
    let upstream = FakeUpstream::start(reply).await;
    let config = Config {
        timeout: Duration::from_millis(200),
        ..config_for(&upstream.url())
    };
    let logs = logs_with_config(config, signed_request("POST")).await;

    assert!(logs.contains("upstream request failed"), "{logs}");
    assert!(logs.contains("0.2 s"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn upstream_cut_body_logged() {
    let upstream = ScriptedUpstream::start(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{";
        let _ = stream.write_all(head.as_bytes()).await;
    })
    .await;
    let logs = logs_of(&upstream.url(), signed_request("GET")).await;

    assert!(logs.contains("upstream request failed"), "{logs}");
    assert!(logs.contains("reading the response body"), "{logs}");
    assert_no_secrets(&logs);
}

#[tokio::test]
async fn upstream_oversized_body_logged() {
    let upstream = ScriptedUpstream::start(|mut stream| async move {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
            MAX_RESPONSE_BYTES + 1
        );
        let _ = stream.write_all(head.as_bytes()).await;
    })
    .await;
    let logs = logs_of(&upstream.url(), signed_request("GET")).await;

    assert!(logs.contains("upstream request failed"), "{logs}");
    assert!(logs.contains("over the limit"), "{logs}");
    assert_no_secrets(&logs);
}
