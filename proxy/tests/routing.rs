//! Routes of `app()`: health check, region validation, method and body limits, demo
//! credentials.

mod common;

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use common::{config_for, oneshot, request, FakeUpstream, Reply};
use eci_proxy::config::MAX_BODY_BYTES;
use eci_proxy::Config;

#[tokio::test]
async fn healthz_ok() {
    let response = oneshot(Config::default(), request("GET", "/healthz", None)).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(&response.body[..], b"ok");
}

#[tokio::test]
async fn region_invalid_rejected() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let paths = [
        "/",
        "/evil.com/",
        "/127.0.0.1/",
        "/../",
        "/%2e%2e/",
        "/cn%2Dhangzhou/",
        "/user@evil.com/",
        "/CN-HANGZHOU/",
        "/cn-hangzhou.evil.com",
        "/cn_hangzhou/",
    ];
    for path in paths {
        let uri = format!("{path}?Action=DescribeImageCaches");
        let response = oneshot(config_for(&upstream.url()), request("GET", &uri, None)).await;

        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("application/json; charset=utf-8"),
            "{path}"
        );
        assert_eq!(response.json()["Code"], "InvalidRegion", "{path}");
    }
    assert!(
        upstream.received().is_empty(),
        "an invalid region was forwarded"
    );
}

#[tokio::test]
async fn region_message_omits_query() {
    let uri = "/evil.com/?Signature=secret-signature";
    let response = oneshot(Config::default(), request("GET", uri, None)).await;

    let message = response.json()["Message"].as_str().unwrap().to_string();
    assert!(message.contains("/evil.com/"), "{message}");
    assert!(!message.contains("secret-signature"), "{message}");
}

#[tokio::test]
async fn path_extra_segment_not_found() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let response = oneshot(
        config_for(&upstream.url()),
        request("GET", "/cn-hangzhou/extra", None),
    )
    .await;

    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(response.json()["Code"], "NotFound");
    assert!(upstream.received().is_empty());
}

#[tokio::test]
async fn method_put_rejected() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let response = oneshot(
        config_for(&upstream.url()),
        request("PUT", "/cn-hangzhou/", None),
    )
    .await;

    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.header("allow"), Some("GET, POST, OPTIONS"));
    assert_eq!(response.json()["Code"], "MethodNotAllowed");
    assert!(upstream.received().is_empty());
}

fn post(body: Vec<u8>) -> Request {
    Request::builder()
        .method("POST")
        .uri("/cn-hangzhou/")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn body_at_limit_forwarded() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let response = oneshot(
        config_for(&upstream.url()),
        post(vec![b'a'; MAX_BODY_BYTES]),
    )
    .await;

    assert_eq!(response.status, StatusCode::OK);
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body.len(), MAX_BODY_BYTES);
}

#[tokio::test]
async fn body_over_limit_rejected() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let body = vec![b'a'; MAX_BODY_BYTES + 1];
    let response = oneshot(config_for(&upstream.url()), post(body)).await;

    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response.json()["Code"], "RequestBodyTooLarge");
    assert!(
        upstream.received().is_empty(),
        "oversized body was forwarded"
    );
}

#[tokio::test]
async fn demo_credentials_without_upstream() {
    let response = oneshot(
        Config::default(),
        request("GET", "/emulator/demo-credentials", None),
    )
    .await;

    assert_eq!(response.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demo_credentials_forwarded() {
    let reply = Reply {
        body: r#"{"AccessKeyId":"demo-id","AccessKeySecret":"demo-secret"}"#,
        ..Reply::default()
    };
    let upstream = FakeUpstream::start(reply).await;
    let response = oneshot(
        config_for(&upstream.url()),
        request("GET", "/emulator/demo-credentials", None),
    )
    .await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["AccessKeyId"], "demo-id");
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/demo-credentials");
    assert_eq!(received[0].method, "GET");
}
