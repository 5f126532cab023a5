//! Fault switches and admin routes over a real TCP socket on 127.0.0.1, with raw HTTP/1.1
//! requests, so that a dropped connection and malformed replies arrive as a client sees them.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use eci_core::diagnose::{diagnose_signature, SignatureDiagnosis};
use eci_core::params::Params;
use eci_core::request::{
    sign_params, with_common_params, Credentials, SignedRequest, SigningContext,
};
use eci_core::signer::Method;
use eci_emulator::faults::FaultSettings;
use eci_emulator::state::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET};
use eci_emulator::{app, Config, Emulator};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const REGION: &str = "cn-hangzhou";

/// A running emulator on an ephemeral port.
struct Server {
    address: SocketAddr,
    emulator: Emulator,
}

async fn start() -> Server {
    start_with(Config::default()).await
}

async fn start_with(config: Config) -> Server {
    let emulator = Emulator::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let service = app(emulator.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    Server { address, emulator }
}

/// A complete HTTP response.
#[derive(Debug)]
struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("body is not JSON ({error}): {}", self.body))
    }
}

/// Sends one request and returns every byte the server sent until it closed the
/// connection, or the read error (such as a connection reset).
async fn send_bytes(
    address: SocketAddr,
    head: &str,
    extra_headers: &str,
    body: &str,
) -> Result<Vec<u8>, std::io::Error> {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!(
        "{head} HTTP/1.1\r\nHost: {address}\r\n{extra_headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut received));
    read.await.expect("the server closes within 10 s")?;
    Ok(received)
}

/// Sends one request with `Connection: close` and parses the whole response.
async fn exchange(address: SocketAddr, head: &str, body: &str) -> RawResponse {
    let bytes = send_bytes(address, head, "Connection: close\r\n", body)
        .await
        .expect("a response, not a connection error");
    let raw = String::from_utf8(bytes).expect("a UTF-8 response");
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete HTTP head in {raw:?}"));
    let mut lines = head.lines();
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
        .collect();
    RawResponse {
        status,
        headers,
        body: body.to_string(),
    }
}

/// Sends one form POST with `Connection: close` and parses the whole response.
async fn exchange_form(address: SocketAddr, head: &str, body: &str) -> RawResponse {
    let headers = "Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    let bytes = send_bytes(address, head, headers, body)
        .await
        .expect("a response, not a connection error");
    let raw = String::from_utf8(bytes).expect("a UTF-8 response");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete HTTP head");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    RawResponse {
        status,
        headers: Vec::new(),
        body: body.to_string(),
    }
}

/// Returns the query of a signed GET request for `action`, with a fresh nonce.
fn signed_query(emulator: &Emulator, action: &str, params: &Params) -> String {
    let credentials = Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET);
    let nonce = uuid::Uuid::new_v4().to_string();
    let context = SigningContext {
        credentials: &credentials,
        region_id: REGION,
        unix_seconds: emulator.now_ms() / 1000,
        nonce: &nonce,
    };
    let all = with_common_params(action, params, &context);
    let signed = sign_params(action, &all, &credentials.access_key_secret, Method::Get);
    signed.encoded
}

async fn call(server: &Server, action: &str, params: &Params) -> RawResponse {
    let query = signed_query(&server.emulator, action, params);
    exchange(server.address, &format!("GET /?{query}"), "").await
}

fn create_params(name: &str, client_token: Option<&str>) -> Params {
    let mut params = Params::new();
    params
        .insert("ImageCacheName", name)
        .insert("Image.1", "nginx:1.25");
    if let Some(token) = client_token {
        params.insert("ClientToken", token);
    }
    params
}

async fn set_faults(server: &Server, settings: Value) -> RawResponse {
    let response = exchange(server.address, "POST /admin/faults", &settings.to_string()).await;
    assert_eq!(response.status, 200, "{}", response.body);
    response
}

async fn admin_caches(server: &Server) -> Vec<Value> {
    let response = exchange(server.address, "GET /admin/caches", "").await;
    assert_eq!(response.status, 200, "{}", response.body);
    let json = response.json();
    let caches = json["caches"].as_array().unwrap().clone();
    assert_eq!(json["count"], caches.len());
    caches
}

fn assert_service_unavailable(response: &RawResponse) {
    assert_eq!(response.status, 503, "{}", response.body);
    let json = response.json();
    assert_eq!(json["Code"], "ServiceUnavailable");
    assert_eq!(
        response.header("x-acs-request-id"),
        json["RequestId"].as_str()
    );
}

#[tokio::test]
async fn fail_rate_rejects_before_action() {
    let server = start().await;
    set_faults(&server, json!({"fail_rate": 1})).await;
    let response = call(&server, "CreateImageCache", &create_params("web", None)).await;
    assert_service_unavailable(&response);
    assert!(response.header("x-acs-retry-after").is_none());
    assert_eq!(admin_caches(&server).await.len(), 0, "no cache was created");
}

#[tokio::test]
async fn fail_after_creates_cache_but_replies_503() {
    let server = start_with(Config {
        faults: FaultSettings {
            fail_after_rate: 1.0,
            ..FaultSettings::default()
        },
        ..Config::default()
    })
    .await;
    let response = call(&server, "CreateImageCache", &create_params("lost", None)).await;
    assert_service_unavailable(&response);

    let caches = admin_caches(&server).await;
    assert_eq!(caches.len(), 1, "the create was carried out");
    assert_eq!(caches[0]["ImageCacheName"], "lost");
}

#[tokio::test]
async fn client_token_retry_after_lost_reply() {
    let server = start().await;
    set_faults(&server, json!({"fail_after_rate": 1.0})).await;
    let params = create_params("retried", Some("token-after-lost-reply"));
    for _ in 0..2 {
        let response = call(&server, "CreateImageCache", &params).await;
        assert_service_unavailable(&response);
    }
    assert_eq!(admin_caches(&server).await.len(), 1);

    set_faults(&server, json!({"fail_after_rate": 0})).await;
    let response = call(&server, "CreateImageCache", &params).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let caches = admin_caches(&server).await;
    assert_eq!(caches.len(), 1, "the retries made no second cache");
    assert_eq!(response.json()["ImageCacheId"], caches[0]["ImageCacheId"]);
}

#[tokio::test]
async fn retry_without_client_token_duplicates() {
    // The counterpart of the test above: without a ClientToken each retry creates a cache,
    // which is why a console must send one.
    let server = start().await;
    set_faults(&server, json!({"fail_after_rate": 1.0})).await;
    let params = create_params("no-token", None);
    call(&server, "CreateImageCache", &params).await;
    set_faults(&server, json!({"fail_after_rate": 0.0})).await;
    call(&server, "CreateImageCache", &params).await;
    assert_eq!(admin_caches(&server).await.len(), 2);
}

#[tokio::test]
async fn drop_closes_connection_without_bytes() {
    let server = start().await;
    set_faults(&server, json!({"drop_rate": 1})).await;
    let query = signed_query(
        &server.emulator,
        "CreateImageCache",
        &create_params("x", None),
    );
    let head = format!("GET /?{query}");
    for extra_headers in ["Connection: close\r\n", ""] {
        let received = send_bytes(server.address, &head, extra_headers, "").await;
        match received {
            Ok(bytes) => assert!(
                bytes.is_empty(),
                "expected no response, got {:?}",
                String::from_utf8_lossy(&bytes)
            ),
            Err(error) => assert_eq!(error.kind(), std::io::ErrorKind::ConnectionReset),
        }
    }
    assert_eq!(
        admin_caches(&server).await.len(),
        0,
        "a dropped request is not run"
    );
}

#[tokio::test]
async fn drop_spares_health_and_admin() {
    let server = start().await;
    set_faults(&server, json!({"drop_rate": 1})).await;
    let health = exchange(server.address, "GET /healthz", "").await;
    assert_eq!(health.body, "ok");
    let faults = exchange(server.address, "GET /admin/faults", "").await;
    assert_eq!(faults.json()["drop_rate"], 1.0);

    set_faults(&server, json!({"drop_rate": 0})).await;
    let response = call(&server, "DescribeImageCaches", &Params::new()).await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn garbage_cycles_through_three_replies() {
    let server = start().await;
    set_faults(&server, json!({"garbage_rate": 1})).await;

    let html = call(&server, "DescribeImageCaches", &Params::new()).await;
    assert_eq!(html.status, 502);
    assert_eq!(html.header("content-type"), Some("text/html"));
    assert!(html.body.starts_with("<html>"), "{}", html.body);
    assert!(html.header("x-acs-request-id").is_none());

    let empty = call(&server, "DescribeImageCaches", &Params::new()).await;
    assert_eq!(empty.status, 500);
    assert_eq!(empty.body, "");
    assert_eq!(empty.header("content-length"), Some("0"));

    let truncated = call(&server, "DescribeImageCaches", &Params::new()).await;
    assert_eq!(truncated.status, 200);
    assert_eq!(
        truncated.header("content-type"),
        Some("application/json;charset=utf-8")
    );
    assert!(
        truncated.body.starts_with("{\"RequestId\":\""),
        "{}",
        truncated.body
    );
    assert!(
        truncated.body.ends_with("\"ImageCaches\":[{\"Ima"),
        "{}",
        truncated.body
    );
    assert!(serde_json::from_str::<Value>(&truncated.body).is_err());

    let again = call(&server, "DescribeImageCaches", &Params::new()).await;
    assert_eq!(again.status, 502, "the fourth reply starts the cycle again");
}

#[tokio::test]
async fn garbage_kind_repeats_one_reply() {
    let server = start().await;
    let settings = json!({"garbage_rate": 1, "garbage_kind": "empty-body"});
    let changed = set_faults(&server, settings).await;
    assert_eq!(changed.json()["garbage_kind"], "empty-body");
    for _ in 0..3 {
        let empty = call(&server, "DescribeImageCaches", &Params::new()).await;
        assert_eq!(empty.status, 500);
        assert_eq!(empty.body, "");
    }

    set_faults(&server, json!({"garbage_kind": "html-page"})).await;
    let html = call(&server, "DescribeImageCaches", &Params::new()).await;
    assert_eq!(html.status, 502);
    assert!(html.body.starts_with("<html>"), "{}", html.body);
}

/// Signs a CreateImageCache whose tag value is `tag_value` for `method`.
fn signed_create_with_tag(emulator: &Emulator, tag_value: &str, method: Method) -> SignedRequest {
    let credentials = Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET);
    let nonce = uuid::Uuid::new_v4().to_string();
    let context = SigningContext {
        credentials: &credentials,
        region_id: REGION,
        unix_seconds: emulator.now_ms() / 1000,
        nonce: &nonce,
    };
    let mut params = create_params("tagged", None);
    params
        .insert("Tag.1.Key", "team")
        .insert("Tag.1.Value", tag_value);
    let all = with_common_params("CreateImageCache", &params, &context);
    sign_params(
        "CreateImageCache",
        &all,
        &credentials.access_key_secret,
        method,
    )
}

#[tokio::test]
async fn mangle_plus_breaks_space_in_value() {
    let server = start().await;
    let changed = set_faults(&server, json!({"mangle_plus": true})).await;
    assert_eq!(changed.json()["mangle_plus"], true);

    let signed = signed_create_with_tag(&server.emulator, "web ops", Method::Get);
    let query = format!("GET /?{}", signed.encoded);
    let response = exchange(server.address, &query, "").await;
    assert_eq!(response.status, 400, "{}", response.body);
    let json = response.json();
    assert_eq!(json["Code"], "SignatureDoesNotMatch");
    let message = json["Message"].as_str().unwrap();
    assert!(message.contains("Tag.1.Value%3Dweb%252Bops"), "{message}");
    assert_eq!(
        diagnose_signature(&signed.string_to_sign, message),
        SignatureDiagnosis::ParameterDiffers {
            parameter: "Tag.1.Value".into(),
            local: Some("web%20ops".into()),
            server: Some("web%2Bops".into()),
        }
    );
    assert!(admin_caches(&server).await.is_empty());
}

#[tokio::test]
async fn mangle_plus_spares_values_without_space() {
    let server = start().await;
    set_faults(&server, json!({"mangle_plus": true})).await;
    let signed = signed_create_with_tag(&server.emulator, "web-ops", Method::Get);
    let response = exchange(server.address, &format!("GET /?{}", signed.encoded), "").await;
    assert_eq!(response.status, 200, "{}", response.body);

    set_faults(&server, json!({"mangle_plus": false})).await;
    let spaced = signed_create_with_tag(&server.emulator, "web ops", Method::Get);
    let response = exchange(server.address, &format!("GET /?{}", spaced.encoded), "").await;
    assert_eq!(response.status, 200, "{}", response.body);
}

#[tokio::test]
async fn mangle_plus_reads_form_bodies_too() {
    let server = start_with(Config {
        faults: FaultSettings {
            mangle_plus: true,
            ..FaultSettings::default()
        },
        ..Config::default()
    })
    .await;
    let post = signed_create_with_tag(&server.emulator, "web ops", Method::Post);
    let response = exchange_form(server.address, "POST /", &post.encoded).await;
    assert_eq!(response.status, 400, "{}", response.body);
    assert_eq!(response.json()["Code"], "SignatureDoesNotMatch");
}

#[tokio::test]
async fn garbage_reply_still_runs_action() {
    let server = start().await;
    set_faults(&server, json!({"garbage_rate": 1})).await;
    let response = call(&server, "CreateImageCache", &create_params("g", None)).await;
    assert_eq!(response.status, 502);
    assert_eq!(admin_caches(&server).await.len(), 1);
}

#[tokio::test]
async fn garbage_spares_other_routes() {
    let server = start().await;
    set_faults(&server, json!({"garbage_rate": 1, "fail_rate": 1})).await;
    let credentials = exchange(server.address, "GET /demo-credentials", "").await;
    assert_eq!(credentials.status, 200);
    assert_eq!(credentials.json()["AccessKeyId"], DEMO_ACCESS_KEY_ID);
    let health = exchange(server.address, "GET /healthz", "").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.body, "ok");
}

#[tokio::test]
async fn throttling_sends_retry_after() {
    let server = start().await;
    set_faults(&server, json!({"throttle_rate": 1})).await;
    let response = call(&server, "DescribeImageCaches", &Params::new()).await;
    assert_eq!(response.status, 400);
    assert_eq!(response.json()["Code"], "Throttling.User");
    assert_eq!(response.header("x-acs-retry-after"), Some("1"));
}

#[tokio::test]
async fn delay_holds_api_replies_only() {
    let server = start().await;
    set_faults(&server, json!({"delay_ms": 300})).await;
    let started = Instant::now();
    let response = call(&server, "DescribeImageCaches", &Params::new()).await;
    let elapsed = started.elapsed();
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(
        elapsed >= Duration::from_millis(300),
        "reply came after {elapsed:?}"
    );

    set_faults(&server, json!({"delay_ms": 5000})).await;
    let started = Instant::now();
    exchange(server.address, "GET /healthz", "").await;
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_millis(5000),
        "healthz waited {elapsed:?}"
    );
}

#[tokio::test]
async fn admin_faults_show_and_change() {
    let server = start_with(Config {
        clock_offset_secs: 120,
        ..Config::default()
    })
    .await;
    let initial = exchange(server.address, "GET /admin/faults", "").await;
    assert_eq!(initial.status, 200);
    assert_eq!(
        initial.json(),
        json!({
            "fail_rate": 0.0, "fail_after_rate": 0.0, "drop_rate": 0.0, "garbage_rate": 0.0,
            "throttle_rate": 0.0, "delay_ms": 0, "garbage_kind": null, "mangle_plus": false,
            "clock_offset_secs": 120
        })
    );

    let changed = set_faults(&server, json!({"fail_rate": 0.3, "delay_ms": 5})).await;
    let json = changed.json();
    assert_eq!(json["fail_rate"], 0.3);
    assert_eq!(json["delay_ms"], 5);
    assert_eq!(json["drop_rate"], 0.0, "fields not sent stay as they were");
    assert_eq!(json["clock_offset_secs"], 120);

    let fetched = exchange(server.address, "GET /admin/faults", "").await;
    assert_eq!(fetched.json(), json);
    assert_eq!(server.emulator.faults().settings().fail_rate, 0.3);
}

#[tokio::test]
async fn admin_faults_reject_bad_bodies() {
    let server = start().await;
    let cases = [
        (r#"{"fail_rate": 1.5}"#, "fail_rate"),
        (r#"{"drop_rate": -0.1}"#, "drop_rate"),
        (r#"{"delay_ms": -1}"#, "delay_ms"),
        (r#"{"fail_rat": 1}"#, "fail_rat"),
        ("not json", "not valid JSON"),
    ];
    for (body, expected) in cases {
        let response = exchange(server.address, "POST /admin/faults", body).await;
        assert_eq!(response.status, 400, "{body}: {}", response.body);
        let message = response.json()["error"].as_str().unwrap().to_string();
        assert!(message.contains(expected), "{body}: {message}");
    }
    assert_eq!(
        server.emulator.faults().settings(),
        FaultSettings::default(),
        "rejected bodies change nothing"
    );
}

#[tokio::test]
async fn admin_clock_offset_moves_date() {
    let server = start().await;
    let changed = set_faults(&server, json!({"clock_offset_secs": -7200})).await;
    assert_eq!(changed.json()["clock_offset_secs"], -7200);
    let response = call(&server, "DescribeImageCaches", &Params::new()).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let date = httpdate::parse_http_date(response.header("date").unwrap()).unwrap();
    let behind = std::time::SystemTime::now()
        .duration_since(date)
        .unwrap()
        .as_secs();
    assert!((7190..=7210).contains(&behind), "Date is {behind} s behind");
}

#[tokio::test]
async fn admin_reset_clears_caches_and_nonces() {
    let server = start_with(Config {
        seed: 3,
        ..Config::default()
    })
    .await;
    let query = signed_query(&server.emulator, "DescribeImageCaches", &Params::new());
    let head = format!("GET /?{query}");
    let first = exchange(server.address, &head, "").await;
    assert_eq!(first.json()["TotalCount"], 3);
    let replay = exchange(server.address, &head, "").await;
    assert_eq!(replay.json()["Code"], "SignatureNonceUsed");

    let reset = exchange(server.address, "POST /admin/reset", "").await;
    assert_eq!(reset.status, 200);
    assert_eq!(reset.json(), json!({"removed_caches": 3}));
    assert_eq!(admin_caches(&server).await.len(), 0);

    let after_reset = exchange(server.address, &head, "").await;
    assert_eq!(after_reset.status, 200, "{}", after_reset.body);
    assert_eq!(after_reset.json()["TotalCount"], 0);
}

#[tokio::test]
async fn admin_reset_forgets_client_tokens() {
    let server = start().await;
    let params = create_params("tokened", Some("token-across-reset"));
    let before = call(&server, "CreateImageCache", &params).await;
    exchange(server.address, "POST /admin/reset", "").await;
    let after = call(&server, "CreateImageCache", &params).await;
    assert_eq!(after.status, 200, "{}", after.body);
    assert_ne!(after.json()["ImageCacheId"], before.json()["ImageCacheId"]);
    assert_eq!(admin_caches(&server).await.len(), 1);
}

#[tokio::test]
async fn admin_caches_lists_all_regions() {
    let server = start_with(Config {
        seed: 2,
        seed_region: "cn-beijing".to_string(),
        ..Config::default()
    })
    .await;
    call(&server, "CreateImageCache", &create_params("newest", None)).await;
    let caches = admin_caches(&server).await;
    let regions: Vec<_> = caches
        .iter()
        .map(|cache| cache["RegionId"].clone())
        .collect();
    assert_eq!(
        regions,
        [json!(REGION), json!("cn-beijing"), json!("cn-beijing")]
    );
    assert_eq!(caches[0]["ImageCacheName"], "newest");
    assert_eq!(caches[1]["Status"], "Ready");
}

#[tokio::test]
async fn fault_seed_repeats_draws() {
    let statuses = |seed: u64| async move {
        let server = start_with(Config {
            faults: FaultSettings {
                fail_rate: 0.5,
                ..FaultSettings::default()
            },
            fault_seed: Some(seed),
            ..Config::default()
        })
        .await;
        let mut statuses = Vec::new();
        for _ in 0..24 {
            statuses.push(
                call(&server, "DescribeImageCaches", &Params::new())
                    .await
                    .status,
            );
        }
        statuses
    };
    let first = statuses(11).await;
    assert!(first.contains(&503), "{first:?}");
    assert!(first.contains(&200), "{first:?}");
    assert_eq!(statuses(11).await, first);
}

#[tokio::test]
async fn admin_rejects_remote_peers() {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::Request;
    use tower::ServiceExt;

    let router = app(Emulator::new(Config::default()));
    let status_for = |peer: &str| {
        let router = router.clone();
        let peer: SocketAddr = peer.parse().unwrap();
        async move {
            let mut request = Request::get("/admin/faults").body(Body::empty()).unwrap();
            request.extensions_mut().insert(ConnectInfo(peer));
            router.oneshot(request).await.unwrap().status().as_u16()
        }
    };
    assert_eq!(status_for("10.1.2.3:5000").await, 403);
    assert_eq!(status_for("[2001:db8::1]:5000").await, 403);
    assert_eq!(status_for("127.0.0.1:5000").await, 200);
    assert_eq!(status_for("[::1]:5000").await, 200);
    assert_eq!(status_for("[::ffff:127.0.0.1]:5000").await, 200);
}
