//! Real-socket tests: proxy and fake upstream on 127.0.0.1, requests written byte by byte.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{closed_addr, config_for, send_raw, start_proxy, FakeUpstream, Reply};
use eci_proxy::Config;

/// Percent-encoded values that a decode and re-encode would change: `%2B %2F %3A %3D %20
/// %22 %26`, UTF-8 `%E6%B5%8B`, lowercase hex, and raw characters that WHATWG URL parsing
/// would encode.
const SIGNED_QUERY: &str = "AccessKeyId=testid&Action=DescribeImageCaches\
    &ImageCacheName=a%2Bb%2Fc%3Ad%3De%20f%22g%26h%E6%B5%8B\
    &Lower=%2b%2f&Raw='!*()~&Plus=a+b\
    &Signature=Zm9v%2BYmFy%2Fbaz%3D&SignatureNonce=n1";

#[tokio::test]
async fn get_query_unchanged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let target = format!("/cn-hangzhou/?{SIGNED_QUERY}");
    let response = send_raw(proxy, "GET", &target, &[], b"").await;

    assert_eq!(response.status, 200);
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "GET");
    assert_eq!(received[0].path, "/");
    assert_eq!(received[0].query.as_deref(), Some(SIGNED_QUERY));
    assert!(received[0].body.is_empty());
}

#[tokio::test]
async fn get_without_trailing_slash() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let target = format!("/ap-southeast-1?{SIGNED_QUERY}");
    let response = send_raw(proxy, "GET", &target, &[], b"").await;

    assert_eq!(response.status, 200);
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/");
    assert_eq!(received[0].query.as_deref(), Some(SIGNED_QUERY));
}

#[tokio::test]
async fn post_body_unchanged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let headers = ["Content-Type: application/x-www-form-urlencoded"];
    let response = send_raw(
        proxy,
        "POST",
        "/cn-hangzhou/",
        &headers,
        SIGNED_QUERY.as_bytes(),
    )
    .await;

    assert_eq!(response.status, 200);
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "POST");
    assert_eq!(received[0].query, None);
    assert_eq!(&received[0].body[..], SIGNED_QUERY.as_bytes());
    assert_eq!(
        received[0].headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
}

#[tokio::test]
async fn post_query_and_body_unchanged() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let target = "/cn-zhengzhou-jva/?Format=JSON&Tag=%22x%22";
    let body = "Name=%E6%B5%8B%20%26%3D";
    let headers = ["Content-Type: application/x-www-form-urlencoded; charset=utf-8"];
    send_raw(proxy, "POST", target, &headers, body.as_bytes()).await;

    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].query.as_deref(),
        Some("Format=JSON&Tag=%22x%22")
    );
    assert_eq!(&received[0].body[..], body.as_bytes());
}

#[tokio::test]
async fn only_content_type_and_accept_forwarded() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let headers = [
        "Content-Type: application/x-www-form-urlencoded",
        "Accept: application/json",
        "Origin: http://127.0.0.1:8080",
        "Cookie: session=secret",
        "Authorization: Bearer secret",
        "X-Forwarded-For: 203.0.113.7",
        "Referer: http://127.0.0.1:8080/caches",
    ];
    send_raw(proxy, "POST", "/cn-hangzhou/", &headers, b"Action=X").await;

    let received = upstream.received();
    assert_eq!(received.len(), 1);
    let forwarded = &received[0].headers;
    assert_eq!(
        forwarded.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(forwarded.get("accept").unwrap(), "application/json");
    for name in [
        "origin",
        "cookie",
        "authorization",
        "x-forwarded-for",
        "referer",
    ] {
        assert!(forwarded.get(name).is_none(), "{name} was forwarded");
    }
    let host = forwarded.get("host").unwrap().to_str().unwrap();
    assert_eq!(host, upstream.addr.to_string());
}

#[tokio::test]
async fn error_status_and_body_unchanged() {
    let reply = Reply {
        status: StatusCode::BAD_REQUEST,
        headers: vec![
            ("content-type", "application/json;charset=utf-8"),
            ("date", "Tue, 01 Jan 2030 00:00:00 GMT"),
            ("x-acs-request-id", "5B3A9E1C-REQ"),
            ("x-acs-trace-id", "trace-77"),
            ("x-acs-retry-after", "1000"),
            ("set-cookie", "upstream=1"),
        ],
        body: r#"{"RequestId":"5B3A9E1C-REQ","Code":"SignatureDoesNotMatch","Message":"bad"}"#,
        delay: Duration::ZERO,
    };
    let upstream = FakeUpstream::start(reply).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let headers = ["Origin: http://127.0.0.1:8080"];
    let response = send_raw(proxy, "GET", "/cn-hangzhou/?Action=X", &headers, b"").await;

    assert_eq!(response.status, 400);
    assert_eq!(
        response.body_text(),
        r#"{"RequestId":"5B3A9E1C-REQ","Code":"SignatureDoesNotMatch","Message":"bad"}"#
    );
    assert_eq!(
        response.header("content-type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(
        response.header("date"),
        Some("Tue, 01 Jan 2030 00:00:00 GMT")
    );
    assert_eq!(response.header("x-acs-request-id"), Some("5B3A9E1C-REQ"));
    assert_eq!(response.header("x-acs-trace-id"), Some("trace-77"));
    assert_eq!(response.header("x-acs-retry-after"), Some("1000"));
    assert_eq!(response.header("set-cookie"), None);
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        response.header("access-control-expose-headers"),
        Some("Date, x-acs-request-id, x-acs-trace-id, x-acs-retry-after")
    );
}

#[tokio::test]
async fn upstream_down_bad_gateway() {
    let down = closed_addr().await;
    let proxy = start_proxy(config_for(&format!("http://{down}"))).await;
    let target = "/cn-hangzhou/?Action=X&Signature=secret-signature";
    let response = send_raw(proxy, "GET", target, &["Origin: http://a.test"], b"").await;

    assert_eq!(response.status, 502);
    assert_eq!(
        response.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    let body = response.json();
    assert_eq!(body["Code"], "ProxyUpstreamError");
    let message = body["Message"].as_str().unwrap();
    assert!(message.contains(&down.to_string()), "{message}");
    assert!(message.contains("--upstream"), "{message}");
    assert!(!message.contains("secret-signature"), "{message}");
}

#[tokio::test]
async fn upstream_slow_gateway_timeout() {
    let reply = Reply {
        delay: Duration::from_secs(10),
        ..Reply::default()
    };
    let upstream = FakeUpstream::start(reply).await;
    let config = Config {
        timeout: Duration::from_millis(300),
        ..config_for(&upstream.url())
    };
    let proxy = start_proxy(config).await;
    let response = send_raw(proxy, "GET", "/cn-hangzhou/?Action=X", &[], b"").await;

    assert_eq!(response.status, 504);
    let body = response.json();
    assert_eq!(body["Code"], "ProxyUpstreamError");
    let message = body["Message"].as_str().unwrap();
    assert!(message.contains("0.3 s"), "{message}");
    assert!(message.contains("--timeout-secs"), "{message}");
}

#[tokio::test]
async fn empty_region_socket_rejected() {
    // `//` reaches the proxy only over a socket, because `Request::builder` rejects it.
    let upstream = FakeUpstream::start(Reply::default()).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    let response = send_raw(proxy, "GET", "//?Action=X", &[], b"").await;

    assert_eq!(response.status, 400);
    assert_eq!(response.json()["Code"], "InvalidRegion");
    assert!(upstream.received().is_empty());
}
