//! The emulator over a real TCP socket on 127.0.0.1, with raw HTTP/1.1 requests.

use eci_core::params::Params;
use eci_core::request::{sign_params, with_common_params, Credentials, SigningContext};
use eci_core::signer::Method;
use eci_emulator::state::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET};
use eci_emulator::{app, Config, Emulator};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A raw HTTP response.
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
}

async fn start() -> (std::net::SocketAddr, Emulator) {
    start_with(Config::default()).await
}

async fn start_with(config: Config) -> (std::net::SocketAddr, Emulator) {
    let emulator = Emulator::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = app(emulator.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (address, emulator)
}

/// Sends one request with `Connection: close` and reads the whole response.
async fn exchange(address: std::net::SocketAddr, head: &str, body: &str) -> RawResponse {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!(
        "{head}\r\nHost: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_string(&mut raw),
    );
    read.await.expect("response within 10 s").unwrap();

    let (head, body) = raw
        .split_once("\r\n\r\n")
        .expect("a complete HTTP response");
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

#[tokio::test]
async fn post_form_body_over_socket() {
    let (address, emulator) = start().await;
    let credentials = Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET);
    let context = SigningContext {
        credentials: &credentials,
        region_id: "cn-hangzhou",
        unix_seconds: emulator.now_ms() / 1000,
        nonce: "socket-test-nonce",
    };
    let mut create = Params::new();
    create
        .insert("ImageCacheName", "socket cache")
        .insert("Image.1", "nginx:1.25")
        .insert("Tag.1.Key", "note")
        .insert("Tag.1.Value", "a+b c*测");
    let all = with_common_params("CreateImageCache", &create, &context);
    let signed = sign_params(
        "CreateImageCache",
        &all,
        &credentials.access_key_secret,
        Method::Post,
    );
    let body = signed.body().unwrap();

    let head = "POST / HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded";
    let response = exchange(address, head, body).await;
    assert_eq!(response.status, 200, "{}", response.body);
    let json: Value = serde_json::from_str(&response.body).unwrap();
    let id = json["ImageCacheId"].as_str().unwrap();
    assert!(id.starts_with("imc-"), "{id}");
    assert_eq!(
        response.header("x-acs-request-id"),
        json["RequestId"].as_str()
    );
    assert!(response.header("date").is_some());

    // The form value came through intact.
    let store = emulator.store();
    let page = store.page(
        &eci_emulator::store::Filter {
            region_id: "cn-hangzhou".into(),
            ..Default::default()
        },
        20,
        None,
        emulator.now_ms(),
    );
    let caches = page.unwrap().caches;
    assert_eq!(caches[0].image_cache_name, "socket cache");
    assert_eq!(caches[0].tags[0].value, "a+b c*测");
}

#[tokio::test]
async fn expired_timestamp_over_socket() {
    let (address, _emulator) = start().await;
    let query = "Action=DescribeImageCaches&Version=2018-08-08&AccessKeyId=LTAIdemoEmulatorKey01\
                 &SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1\
                 &Timestamp=2000-01-01T00%3A00%3A00Z&RegionId=cn-hangzhou&Signature=abc";
    let response = exchange(address, &format!("GET /?{query} HTTP/1.1"), "").await;
    assert_eq!(response.status, 400);
    let json: Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(json["Code"], "InvalidTimeStamp.Expired");
}

#[tokio::test]
async fn health_and_demo_credentials_over_socket() {
    let (address, _emulator) = start().await;
    let health = exchange(address, "GET /healthz HTTP/1.1", "").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.body, "ok");

    let credentials = exchange(address, "GET /demo-credentials HTTP/1.1", "").await;
    assert_eq!(credentials.status, 200);
    let json: Value = serde_json::from_str(&credentials.body).unwrap();
    assert_eq!(json["AccessKeyId"], DEMO_ACCESS_KEY_ID);
    assert_eq!(json["AccessKeySecret"], DEMO_ACCESS_KEY_SECRET);
}

#[tokio::test]
async fn unknown_path_not_found_over_socket() {
    let (address, _emulator) = start().await;
    let response = exchange(address, "GET /cn-hangzhou/ HTTP/1.1", "").await;
    assert_eq!(response.status, 404);
    let json: Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(json["Code"], "InvalidApi.NotFound");
    assert_eq!(
        response.header("x-acs-request-id"),
        json["RequestId"].as_str()
    );
}

#[tokio::test]
async fn date_header_follows_clock_offset() {
    let (address, _emulator) = start_with(Config {
        clock_offset_secs: -3600,
        ..Config::default()
    })
    .await;
    let response = exchange(address, "GET /?Action=DescribeImageCaches HTTP/1.1", "").await;
    assert_eq!(response.status, 400);
    let date = response.header("date").expect("a Date header");
    let sent = std::time::SystemTime::from(httpdate_parse(date));
    let behind = std::time::SystemTime::now()
        .duration_since(sent)
        .unwrap()
        .as_secs();
    assert!(
        (3590..=3610).contains(&behind),
        "Date {date} is {behind} s behind the system clock"
    );
}

fn httpdate_parse(value: &str) -> time::OffsetDateTime {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(value, &format)
        .unwrap()
        .assume_utc()
}
