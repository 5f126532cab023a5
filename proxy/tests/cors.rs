//! CORS behaviour of `app()`: preflights, response headers and the origin allow list.

mod common;

use axum::http::StatusCode;
use common::{config_for, oneshot, request, FakeUpstream, Reply};
use eci_proxy::Config;

const CONSOLE: &str = "http://127.0.0.1:8080";

fn listed_config(upstream: &FakeUpstream) -> Config {
    Config {
        allowed_origins: vec![CONSOLE.to_string()],
        ..config_for(&upstream.url())
    }
}

#[tokio::test]
async fn preflight_any_origin() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let config = config_for(&upstream.url());
    let response = oneshot(config, request("OPTIONS", "/cn-hangzhou/", Some(CONSOLE))).await;

    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        response.header("access-control-allow-methods"),
        Some("GET, POST, OPTIONS")
    );
    assert_eq!(
        response.header("access-control-allow-headers"),
        Some("content-type")
    );
    assert_eq!(response.header("access-control-max-age"), Some("600"));
    assert_eq!(response.header("vary"), Some("Origin"));
    assert!(response.body.is_empty());
    assert!(upstream.received().is_empty(), "preflight was forwarded");
}

#[tokio::test]
async fn preflight_any_path() {
    for path in ["/", "/healthz", "/not/a/route", "/INVALID/"] {
        let response = oneshot(Config::default(), request("OPTIONS", path, Some(CONSOLE))).await;
        assert_eq!(response.status, StatusCode::NO_CONTENT, "{path}");
    }
}

#[tokio::test]
async fn preflight_listed_origin_echoed() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let config = listed_config(&upstream);
    let response = oneshot(config, request("OPTIONS", "/cn-hangzhou/", Some(CONSOLE))).await;

    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some(CONSOLE)
    );
    assert_eq!(response.header("vary"), Some("Origin"));
}

#[tokio::test]
async fn preflight_unlisted_origin_forbidden() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let config = listed_config(&upstream);
    let origin = "http://evil.test";
    let response = oneshot(config, request("OPTIONS", "/cn-hangzhou/", Some(origin))).await;

    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert_eq!(response.header("access-control-allow-origin"), None);
    assert_eq!(response.json()["Code"], "OriginNotAllowed");
}

#[tokio::test]
async fn get_unlisted_origin_not_forwarded() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let config = listed_config(&upstream);
    let uri = "/cn-hangzhou/?Action=DescribeImageCaches";
    let response = oneshot(config, request("GET", uri, Some("http://evil.test"))).await;

    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert_eq!(
        response.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let body = response.json();
    assert_eq!(body["Code"], "OriginNotAllowed");
    assert!(body["Message"]
        .as_str()
        .unwrap()
        .contains("http://evil.test"));
    assert_eq!(response.header("access-control-allow-origin"), None);
    assert_eq!(response.header("vary"), Some("Origin"));
    assert!(upstream.received().is_empty(), "request was forwarded");
}

#[tokio::test]
async fn get_listed_origin_echoed() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let config = listed_config(&upstream);
    let uri = "/cn-hangzhou/?Action=DescribeImageCaches";
    let response = oneshot(config, request("GET", uri, Some(CONSOLE))).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some(CONSOLE)
    );
    assert_eq!(
        response.header("access-control-expose-headers"),
        Some("Date, x-acs-request-id, x-acs-trace-id, x-acs-retry-after")
    );
    assert_eq!(response.header("vary"), Some("Origin"));
    assert_eq!(upstream.received().len(), 1);
}

#[tokio::test]
async fn get_any_origin_star() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let config = config_for(&upstream.url());
    let uri = "/cn-hangzhou/?Action=DescribeImageCaches";
    let response = oneshot(config, request("GET", uri, Some("http://anything.test"))).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        response.header("access-control-expose-headers"),
        Some("Date, x-acs-request-id, x-acs-trace-id, x-acs-retry-after")
    );
    assert_eq!(response.header("vary"), Some("Origin"));
}

#[tokio::test]
async fn error_responses_carry_cors() {
    // The console must be able to read proxy errors, so they carry CORS headers too.
    let response = oneshot(
        Config::default(),
        request("GET", "/evil.com/", Some(CONSOLE)),
    )
    .await;

    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn no_origin_with_allow_list() {
    // curl and other non-browser clients send no Origin; CORS does not apply to them.
    let upstream = FakeUpstream::start(Reply::default()).await;
    let config = listed_config(&upstream);
    let response = oneshot(config, request("GET", "/healthz", None)).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("access-control-allow-origin"), None);
    assert_eq!(response.header("vary"), Some("Origin"));
}

#[tokio::test]
async fn origin_near_misses_forbidden() {
    // The allow list compares exactly, as browsers send the serialized origin: lowercase
    // scheme and host, no trailing slash, no path.
    let upstream = FakeUpstream::start(Reply::default()).await;
    let near_misses = [
        "null",
        "HTTP://127.0.0.1:8080",
        "http://127.0.0.1:8080/",
        "http://127.0.0.1:8080/app",
        "http://127.0.0.1:80800",
        "http://127.0.0.1:8080.evil.test",
        "http://127.0.0.1",
        "https://127.0.0.1:8080",
        "http://localhost:8080",
        "",
    ];
    for origin in near_misses {
        for method in ["GET", "POST", "OPTIONS"] {
            let uri = "/cn-hangzhou/?Action=DescribeImageCaches";
            let config = listed_config(&upstream);
            let response = oneshot(config, request(method, uri, Some(origin))).await;

            assert_eq!(
                response.status,
                StatusCode::FORBIDDEN,
                "{method} {origin:?}"
            );
            assert_eq!(response.json()["Code"], "OriginNotAllowed");
            assert_eq!(response.header("access-control-allow-origin"), None);
        }
    }
    assert!(upstream.received().is_empty(), "a near miss was forwarded");
}

#[tokio::test]
async fn preflight_without_origin_no_allow_origin() {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let response = oneshot(
        listed_config(&upstream),
        request("OPTIONS", "/cn-hangzhou/", None),
    )
    .await;

    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert_eq!(response.header("access-control-allow-origin"), None);
    assert!(upstream.received().is_empty());
}
