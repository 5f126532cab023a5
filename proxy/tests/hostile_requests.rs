//! Hostile requests over a real socket: request targets and headers that try to pick the
//! upstream host, smuggle a second request, inject headers or slip past the body limit.
//! Each test runs two recording upstreams on 127.0.0.1: the configured one, and a decoy
//! that the attack names. The decoy must never receive anything.

mod common;

use common::{
    chunked, config_for, exchange_raw, first_status, parse_response, send_raw, start_proxy,
    FakeUpstream, Reply,
};
use eci_proxy::config::MAX_BODY_BYTES;
use std::net::SocketAddr;

struct Servers {
    upstream: FakeUpstream,
    decoy: FakeUpstream,
    proxy: SocketAddr,
}

async fn start_servers() -> Servers {
    let upstream = FakeUpstream::start(Reply::default()).await;
    let decoy = FakeUpstream::start(Reply::default()).await;
    let proxy = start_proxy(config_for(&upstream.url())).await;
    Servers {
        upstream,
        decoy,
        proxy,
    }
}

/// Sends a request head, given without `Connection: close` and the final blank line, and a
/// body, and parses the response.
async fn send_head(proxy: SocketAddr, head: &str, body: &[u8]) -> common::RawResponse {
    let head = format!("{head}\r\nConnection: close\r\n\r\n");
    parse_response(&exchange_raw(proxy, &head, body.to_vec()).await)
}

#[tokio::test]
async fn absolute_form_host_ignored() {
    let servers = start_servers().await;
    let decoy = servers.decoy.addr;
    let head = format!("GET http://{decoy}/cn-hangzhou/?Action=X HTTP/1.1\r\nHost: {decoy}");
    let response = send_head(servers.proxy, &head, b"").await;

    assert_eq!(response.status, 200);
    let received = servers.upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/");
    assert_eq!(received[0].query.as_deref(), Some("Action=X"));
    let host = received[0].headers.get("host").unwrap();
    assert_eq!(host.to_str().unwrap(), servers.upstream.addr.to_string());
    assert!(
        servers.decoy.received().is_empty(),
        "the request target chose the host"
    );
}

#[tokio::test]
async fn absolute_form_without_region_rejected() {
    let servers = start_servers().await;
    let decoy = servers.decoy.addr;
    for target in [
        format!("http://{decoy}/"),
        format!("http://{decoy}"),
        format!("http://{decoy}/?Action=X"),
        format!("http://user:pass@{decoy}/x/y"),
    ] {
        let head = format!("GET {target} HTTP/1.1\r\nHost: {decoy}");
        let response = send_head(servers.proxy, &head, b"").await;

        assert!(
            matches!(response.status, 400 | 404),
            "{target}: {}",
            response.status
        );
    }
    assert!(servers.upstream.received().is_empty());
    assert!(servers.decoy.received().is_empty());
}

#[tokio::test]
async fn host_headers_ignored() {
    let servers = start_servers().await;
    let decoy = servers.decoy.addr;
    let head = format!(
        "GET /cn-hangzhou/?Action=X HTTP/1.1\r\nHost: {decoy}\r\n\
         X-Forwarded-Host: {decoy}\r\nForwarded: host={decoy}\r\n\
         X-Original-URL: http://{decoy}/\r\nX-Forwarded-Proto: https"
    );
    let response = send_head(servers.proxy, &head, b"").await;

    assert_eq!(response.status, 200);
    let received = servers.upstream.received();
    assert_eq!(received.len(), 1);
    let headers = &received[0].headers;
    assert_eq!(
        headers.get("host").unwrap().to_str().unwrap(),
        servers.upstream.addr.to_string()
    );
    for name in [
        "x-forwarded-host",
        "forwarded",
        "x-original-url",
        "x-forwarded-proto",
    ] {
        assert!(headers.get(name).is_none(), "{name} was forwarded");
    }
    assert!(servers.decoy.received().is_empty());
}

#[tokio::test]
async fn connect_rejected() {
    let servers = start_servers().await;
    let decoy = servers.decoy.addr;
    for authority in [decoy.to_string(), "cn-hangzhou:443".to_string()] {
        let head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}");
        let response = send_head(servers.proxy, &head, b"").await;

        assert!(
            matches!(response.status, 400 | 405),
            "{authority}: {}",
            response.status
        );
    }
    assert!(servers.upstream.received().is_empty());
    assert!(servers.decoy.received().is_empty());
}

#[tokio::test]
async fn path_tricks_rejected() {
    let servers = start_servers().await;
    let decoy = servers.decoy.addr;
    let long_region = format!("/cn-{}/", "a".repeat(5000));
    let targets = [
        "/cn-hangzhou/../x".to_string(),
        "/cn-hangzhou/..".to_string(),
        "/cn-hangzhou/./".to_string(),
        "/cn-hangzhou//".to_string(),
        "/cn-hangzhou%2f..".to_string(),
        "/cn-hangzhou%2F..%2Fx".to_string(),
        "/%63n-hangzhou/".to_string(),
        "/cn-hangzhou%00/".to_string(),
        "/cn-hangzhou./".to_string(),
        "/cn-hangzhou:443/".to_string(),
        "/cn-hangzhou;x/".to_string(),
        "/cn-hangzhou\\..\\x".to_string(),
        format!("/cn-hangzhou@{decoy}/"),
        format!("//{decoy}/"),
        format!("/{decoy}/"),
        format!("/cn-hangzhou.{decoy}/"),
        // Cyrillic `с` (U+0441) in place of the Latin `c`, raw and percent-encoded.
        "/\u{0441}n-hangzhou/".to_string(),
        "/%D1%81n-hangzhou/".to_string(),
        // Fullwidth `ｃ` (U+FF43).
        "/%EF%BD%83n-hangzhou/".to_string(),
        long_region,
    ];
    for target in &targets {
        let head = format!("GET {target}?Action=X HTTP/1.1\r\nHost: {}", servers.proxy);
        let response = send_head(servers.proxy, &head, b"").await;

        assert!(
            matches!(response.status, 400 | 404),
            "{target}: {}",
            response.status
        );
    }
    assert!(
        servers.upstream.received().is_empty(),
        "a path trick was forwarded"
    );
    assert!(servers.decoy.received().is_empty());
}

#[tokio::test]
async fn odd_queries_unchanged() {
    let servers = start_servers().await;
    let queries = [
        "",
        "?",
        "a=b?c&&d",
        "a=%0d%0aX-Injected:%201",
        "a=%0D%0A%0D%0AGET%20/%20HTTP/1.1",
        "a={}|^`[]\\",
        "a=\u{6d4b}\u{8bd5}",
        "a=%zz%2",
    ];
    for query in queries {
        let target = format!("/cn-hangzhou/?{query}");
        let response = send_raw(servers.proxy, "GET", &target, &[], b"").await;
        assert_eq!(response.status, 200, "{query:?}");
    }
    let received = servers.upstream.received();
    assert_eq!(received.len(), queries.len());
    for (query, request) in queries.iter().zip(&received) {
        assert_eq!(request.query.as_deref(), Some(*query));
        assert_eq!(request.path, "/");
        assert!(request.headers.get("x-injected").is_none(), "{query:?}");
    }
}

#[tokio::test]
async fn long_query_unchanged() {
    // The request target limit is 65534 bytes (http 1.x `Uri`), so 60 000 bytes of query
    // still fit.
    let servers = start_servers().await;
    let query = format!("Action=X&Pad={}", "a".repeat(60_000));
    let target = format!("/cn-hangzhou/?{query}");
    let response = send_raw(servers.proxy, "GET", &target, &[], b"").await;

    assert_eq!(response.status, 200);
    let received = servers.upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].query.as_deref(), Some(query.as_str()));
}

#[tokio::test]
async fn oversized_query_rejected() {
    let servers = start_servers().await;
    for len in [70_000, 500_000] {
        let target = format!("/cn-hangzhou/?Pad={}", "a".repeat(len));
        let head = format!("GET {target} HTTP/1.1\r\nHost: {}", servers.proxy);
        let response = send_head(servers.proxy, &head, b"").await;

        assert!(
            matches!(response.status, 414 | 431),
            "{len}: {}",
            response.status
        );
    }
    assert!(servers.upstream.received().is_empty());
}

#[tokio::test]
async fn invalid_target_bytes_rejected() {
    let servers = start_servers().await;
    let targets: [&[u8]; 5] = [
        b"/cn-hangzhou/?a=\xff\xfe",
        b"/cn-hangzhou\xff/",
        b"/cn-hangzhou/?a=\rb",
        b"/cn-hangzhou/?a=\"",
        b"/cn-hangzhou/?a=<script>",
    ];
    for target in targets {
        let mut head = b"GET ".to_vec();
        head.extend_from_slice(target);
        head.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let raw = exchange_raw(servers.proxy, &head, Vec::new()).await;

        assert_eq!(
            first_status(&raw),
            Some(400),
            "{}",
            String::from_utf8_lossy(target)
        );
    }
    assert!(servers.upstream.received().is_empty());
}

#[tokio::test]
async fn length_and_chunked_not_smuggled() {
    // With both headers, the chunked coding wins and the server must close the connection
    // after responding (RFC 9112, section 6.3), so the trailing request reaches no upstream.
    let servers = start_servers().await;
    let head = format!(
        "POST /cn-hangzhou/ HTTP/1.1\r\nHost: {}\r\nContent-Length: 40\r\n\
         Transfer-Encoding: chunked\r\n\r\n",
        servers.proxy
    );
    let body = b"3\r\nabc\r\n0\r\n\r\nGET /cn-hangzhou/?smuggled=1 HTTP/1.1\r\nHost: x\r\n\r\n";
    let raw = exchange_raw(servers.proxy, head, body.to_vec()).await;

    assert_eq!(first_status(&raw), Some(200));
    let received = servers.upstream.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(&received[0].body[..], b"abc");
    assert_eq!(received[0].query, None);
    let headers = &received[0].headers;
    assert_eq!(headers.get("content-length").unwrap(), "3");
    assert!(headers.get("transfer-encoding").is_none());
}

#[tokio::test]
async fn conflicting_framing_rejected() {
    let servers = start_servers().await;
    let heads = [
        "Content-Length: 3\r\nContent-Length: 4",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity",
        "Content-Length: -1",
        "Content-Length: 0x10",
    ];
    for framing in heads {
        let head = format!("POST /cn-hangzhou/ HTTP/1.1\r\nHost: x\r\n{framing}");
        let raw = exchange_raw(
            servers.proxy,
            format!("{head}\r\nConnection: close\r\n\r\n"),
            b"3\r\nabc\r\n0\r\n\r\n".to_vec(),
        )
        .await;

        assert_eq!(first_status(&raw), Some(400), "{framing:?}");
    }
    assert!(servers.upstream.received().is_empty());
}

#[tokio::test]
async fn transfer_coding_besides_chunked_rejected() {
    // hyper removes only the chunked framing, so the proxy would forward gzip or other coded
    // bytes as if they were the form body.
    let servers = start_servers().await;
    for coding in ["gzip, chunked", "deflate,chunked", "x-custom , chunked"] {
        let head = format!("POST /cn-hangzhou/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: {coding}");
        let response = send_head(servers.proxy, &head, b"3\r\nabc\r\n0\r\n\r\n").await;

        assert_eq!(response.status, 501, "{coding}");
        assert_eq!(
            response.json()["Code"],
            "UnsupportedTransferEncoding",
            "{coding}"
        );
    }
    assert!(servers.upstream.received().is_empty());
}

#[tokio::test]
async fn chunked_coding_case_insensitive() {
    let servers = start_servers().await;
    let head = "POST /cn-hangzhou/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked";
    let response = send_head(servers.proxy, head, b"3\r\nabc\r\n0\r\n\r\n").await;

    assert_eq!(response.status, 200);
    let received = servers.upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(&received[0].body[..], b"abc");
}

#[tokio::test]
async fn malformed_chunks_rejected() {
    let servers = start_servers().await;
    let head = "POST /cn-hangzhou/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked";
    let response = send_head(servers.proxy, head, b"3\r\nabc\r\nzz\r\nabc\r\n0\r\n\r\n").await;

    assert_eq!(response.status, 400);
    assert_eq!(response.json()["Code"], "InvalidRequestBody");
    assert!(servers.upstream.received().is_empty());
}

#[tokio::test]
async fn chunked_body_at_limit_forwarded() {
    let servers = start_servers().await;
    let body: Vec<u8> = (0..MAX_BODY_BYTES).map(|i| b'a' + (i % 26) as u8).collect();
    let head = "POST /cn-hangzhou/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked";
    let response = send_head(servers.proxy, head, &chunked(&body, 7000)).await;

    assert_eq!(response.status, 200);
    let received = servers.upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body.len(), MAX_BODY_BYTES);
    assert!(received[0].body == body, "the body changed on the way");
}

#[tokio::test]
async fn chunked_body_over_limit_rejected() {
    let servers = start_servers().await;
    for chunk_len in [1 << 16, MAX_BODY_BYTES + 1] {
        let body = vec![b'a'; MAX_BODY_BYTES + 1];
        let head = "POST /cn-hangzhou/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\
                    \r\nConnection: close\r\n\r\n";
        let raw = exchange_raw(servers.proxy, head, chunked(&body, chunk_len)).await;

        assert_eq!(first_status(&raw), Some(413), "chunks of {chunk_len}");
    }
    assert!(
        servers.upstream.received().is_empty(),
        "oversized body was forwarded"
    );
}

#[tokio::test]
async fn declared_length_over_limit_rejected_early() {
    // A client that waits for `100 Continue` must get 413 instead, without sending the body.
    let servers = start_servers().await;
    let head = format!(
        "POST /cn-hangzhou/ HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\
         Expect: 100-continue\r\nConnection: close\r\n\r\n",
        MAX_BODY_BYTES + 1
    );
    let raw = exchange_raw(servers.proxy, head, Vec::new()).await;

    assert_eq!(first_status(&raw), Some(413));
    let response = parse_response(&raw);
    assert_eq!(response.json()["Code"], "RequestBodyTooLarge");
    assert!(servers.upstream.received().is_empty());
}

#[tokio::test]
async fn other_methods_rejected() {
    let servers = start_servers().await;
    for method in ["HEAD", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"] {
        let head = format!("{method} /cn-hangzhou/?Action=X HTTP/1.1\r\nHost: x");
        let raw = exchange_raw(
            servers.proxy,
            format!("{head}\r\nConnection: close\r\n\r\n"),
            Vec::new(),
        )
        .await;

        assert_eq!(first_status(&raw), Some(405), "{method}");
    }
    assert!(servers.upstream.received().is_empty());
}

#[tokio::test]
async fn options_without_origin_not_forwarded() {
    let servers = start_servers().await;
    let response = send_head(
        servers.proxy,
        "OPTIONS /cn-hangzhou/ HTTP/1.1\r\nHost: x",
        b"",
    )
    .await;

    assert_eq!(response.status, 204);
    assert!(servers.upstream.received().is_empty());
}
