//! Upstreams that misbehave: redirects, oversized or truncated bodies, slow or broken
//! connections. The proxy must return 502 or 504 JSON for each failure, never follow a
//! redirect, and never echo the signed query.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{config_for, send_raw, start_proxy, FakeUpstream, Reply, ScriptedUpstream};
use eci_proxy::config::MAX_RESPONSE_BYTES;
use eci_proxy::Config;
use tokio::io::AsyncWriteExt;

const SIGNED_TARGET: &str = "/cn-hangzhou/?Action=X&Signature=secret-signature";

/// Asserts a `ProxyUpstreamError` JSON body whose message omits the signed query, and
/// returns the message.
fn upstream_error_message(response: &common::RawResponse) -> String {
    assert_eq!(
        response.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let body = response.json();
    assert_eq!(body["Code"], "ProxyUpstreamError");
    let message = body["Message"].as_str().unwrap().to_string();
    assert!(!message.contains("secret-signature"), "{message}");
    message
}

#[tokio::test]
async fn redirect_not_followed() {
    for status in [301u16, 302, 303, 307, 308] {
        let elsewhere = FakeUpstream::start(Reply::default()).await;
        let location: &'static str = format!("{}/stolen", elsewhere.url()).leak();
        let reply = Reply {
            status: StatusCode::from_u16(status).unwrap(),
            headers: vec![("location", location), ("content-type", "text/plain")],
            body: "moved",
            delay: Duration::ZERO,
        };
        let upstream = FakeUpstream::start(reply).await;
        let proxy = start_proxy(config_for(&upstream.url())).await;
        let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

        assert_eq!(response.status, status);
        assert_eq!(response.header("location"), None, "{status}");
        assert_eq!(response.body_text(), "moved", "{status}");
        assert_eq!(upstream.received().len(), 1, "{status}");
        assert!(
            elsewhere.received().is_empty(),
            "the proxy followed a {status} redirect"
        );
    }
}

#[tokio::test]
async fn set_cookie_dropped_from_demo_credentials() {
    let reply = Reply {
        headers: vec![
            ("content-type", "application/json"),
            ("set-cookie", "session=upstream"),
        ],
        body: r#"{"AccessKeyId":"demo-id"}"#,
        ..Reply::default()
    };
    let upstream = FakeUpstream::start(reply).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let response = send_raw(proxy, "GET", "/emulator/demo-credentials", &[], b"").await;

    assert_eq!(response.status, 200);
    assert_eq!(response.header("set-cookie"), None);
    assert_eq!(response.header("content-type"), Some("application/json"));
}

/// Starts an upstream that streams a chunked body of `total` bytes as fast as it can.
async fn streaming_upstream(total: usize) -> ScriptedUpstream {
    ScriptedUpstream::start(move |mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                    Transfer-Encoding: chunked\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 * 1024];
        let mut sent = 0;
        while sent < total {
            let len = chunk.len().min(total - sent);
            let frame = [
                format!("{len:x}\r\n").as_bytes(),
                &chunk[..len],
                b"\r\n".as_slice(),
            ]
            .concat();
            if stream.write_all(&frame).await.is_err() {
                return;
            }
            sent += len;
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    })
    .await
}

#[tokio::test]
async fn response_at_limit_passed_through() {
    let upstream = streaming_upstream(MAX_RESPONSE_BYTES).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

    assert_eq!(response.status, 200);
    assert_eq!(response.body.len(), MAX_RESPONSE_BYTES);
}

#[tokio::test]
async fn response_over_limit_bad_gateway() {
    let upstream = streaming_upstream(MAX_RESPONSE_BYTES + 1).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

    assert_eq!(response.status, 502);
    let message = upstream_error_message(&response);
    assert!(
        message.contains(&MAX_RESPONSE_BYTES.to_string()),
        "{message}"
    );
}

#[tokio::test]
async fn response_declared_over_limit_rejected_early() {
    // The upstream declares a huge body, sends a few bytes and stalls. The proxy must reject
    // the declared length at once instead of waiting for the timeout.
    let upstream = ScriptedUpstream::start(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\n\r\n{\"a\":";
        let _ = stream.write_all(head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let config = Config {
        timeout: Duration::from_secs(10),
        ..config_for(&upstream.url())
    };
    let proxy = start_proxy(config).await;
    let started = Instant::now();
    let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

    assert_eq!(response.status, 502);
    upstream_error_message(&response);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the proxy waited {:?} for a body it must reject",
        started.elapsed()
    );
}

#[tokio::test]
async fn upstream_closes_mid_body() {
    let upstream = ScriptedUpstream::start(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                    Content-Length: 100\r\n\r\n{\"RequestId\":";
        let _ = stream.write_all(head.as_bytes()).await;
        // Dropping the stream closes the connection after 13 of the 100 bytes.
    })
    .await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

    assert_eq!(response.status, 502);
    let message = upstream_error_message(&response);
    assert!(message.contains(&upstream.addr.to_string()), "{message}");
}

#[tokio::test]
async fn upstream_closes_without_response() {
    let upstream = ScriptedUpstream::start(|stream| async move { drop(stream) }).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

    assert_eq!(response.status, 502);
    upstream_error_message(&response);
    assert_eq!(upstream.heads().len(), 1);
}

#[tokio::test]
async fn upstream_garbage_response() {
    let upstream = ScriptedUpstream::start(|mut stream| async move {
        let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n\r\n").await;
    })
    .await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

    assert_eq!(response.status, 502);
    upstream_error_message(&response);
}

#[tokio::test]
async fn upstream_trickle_gateway_timeout() {
    // Each byte arrives well within any per-read timeout, but the whole response does not
    // arrive within the exchange timeout.
    let upstream = ScriptedUpstream::start(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..1000 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if stream.write_all(b"x").await.is_err() {
                return;
            }
        }
    })
    .await;
    let config = Config {
        timeout: Duration::from_millis(500),
        ..config_for(&upstream.url())
    };
    let proxy = start_proxy(config).await;
    let started = Instant::now();
    let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

    assert_eq!(response.status, 504);
    let message = upstream_error_message(&response);
    assert!(message.contains("0.5 s"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn upstream_header_only_gateway_timeout() {
    // The upstream accepts the connection and never responds.
    let upstream = ScriptedUpstream::start(|stream| async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(stream);
    })
    .await;
    let config = Config {
        timeout: Duration::from_millis(300),
        ..config_for(&upstream.url())
    };
    let proxy = start_proxy(config).await;
    let response = send_raw(proxy, "GET", SIGNED_TARGET, &[], b"").await;

    assert_eq!(response.status, 504);
    upstream_error_message(&response);
}
