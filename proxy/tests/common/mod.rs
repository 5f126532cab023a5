//! Test helpers: a fake upstream that records what it receives, the proxy on a real socket,
//! and a raw HTTP/1.1 client that sends exactly the bytes a test writes.

#![allow(dead_code)] // Each test binary uses a different subset of these helpers.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use eci_proxy::{app, Config};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the fake upstream received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What the fake upstream sends back to every request.
#[derive(Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: &'static str,
    pub delay: Duration,
}

impl Default for Reply {
    fn default() -> Self {
        Reply {
            status: StatusCode::OK,
            headers: vec![("content-type", "application/json;charset=utf-8")],
            body: r#"{"RequestId":"fake"}"#,
            delay: Duration::ZERO,
        }
    }
}

#[derive(Clone)]
struct FakeState {
    reply: Reply,
    received: Arc<Mutex<Vec<Received>>>,
}

/// A tiny upstream on 127.0.0.1 that records the raw query and body of each request.
pub struct FakeUpstream {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakeUpstream {
    pub async fn start(reply: Reply) -> FakeUpstream {
        let received = Arc::new(Mutex::new(Vec::new()));
        let state = FakeState {
            reply,
            received: received.clone(),
        };
        let router = Router::new().fallback(record).with_state(state);
        let addr = serve(router).await;
        FakeUpstream { addr, received }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn record(State(state): State<FakeState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    state.received.lock().unwrap().push(Received {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
        body,
    });
    tokio::time::sleep(state.reply.delay).await;
    let mut response = (state.reply.status, state.reply.body).into_response();
    response.headers_mut().remove("content-type");
    for (name, value) in &state.reply.headers {
        response.headers_mut().insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}

/// Serves `router` on 127.0.0.1 with an OS-chosen port.
pub async fn serve(router: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    addr
}

/// Starts the proxy on 127.0.0.1 with `config`.
pub async fn start_proxy(config: Config) -> SocketAddr {
    serve(app(config)).await
}

/// Config that sends everything to `upstream_url`, never to a real ECI endpoint.
pub fn config_for(upstream_url: &str) -> Config {
    Config {
        upstream: Some(upstream_url.parse().unwrap()),
        ..Config::default()
    }
}

/// Returns a 127.0.0.1 address where nothing listens: the port was bound once and released.
pub async fn closed_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

/// Response as read off the socket. Header names are lowercase.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// Sends one HTTP/1.1 request with `Connection: close`. `target` goes into the request line
/// as written, and `headers` are full lines without the line break.
pub async fn send_raw(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[&str],
    body: &[u8],
) -> RawResponse {
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for line in headers {
        head.push_str(line);
        head.push_str("\r\n");
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");

    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw)).await;
    read.expect("proxy did not close the connection within 20 s")
        .unwrap();
    parse_response(&raw)
}

/// Parses one complete response with a `Content-Length` body.
pub fn parse_response(raw: &[u8]) -> RawResponse {
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("response has no end of headers");
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.trim().to_ascii_lowercase(), value.trim().to_string())
        })
        .collect();
    let chunked = headers
        .iter()
        .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
    assert!(!chunked, "the helper reads only bodies with Content-Length");
    RawResponse {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// Response from [`oneshot`], with the body read in full.
pub struct OneshotResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl OneshotResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// Calls `app(config)` once without a socket.
pub async fn oneshot(config: Config, request: Request) -> OneshotResponse {
    use tower::ServiceExt;

    let response = app(config).oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    OneshotResponse {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes(),
    }
}

/// Builds a request with optional `Origin` and an empty body.
pub fn request(method: &str, uri: &str, origin: Option<&str>) -> Request {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(origin) = origin {
        builder = builder.header("origin", origin);
    }
    builder.body(axum::body::Body::empty()).unwrap()
}

/// A fake upstream on 127.0.0.1 that writes raw bytes, for replies that a normal server
/// never sends: a body longer than its limit, a connection closed mid-body, bytes trickled
/// slowly. It reads each request head, then runs `script` on the connection.
pub struct ScriptedUpstream {
    pub addr: SocketAddr,
    heads: Arc<Mutex<Vec<String>>>,
}

impl ScriptedUpstream {
    pub async fn start<F, Fut>(script: F) -> ScriptedUpstream
    where
        F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let recorded = heads.clone();
        let script = Arc::new(script);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let recorded = recorded.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let head = read_head(&mut stream).await;
                    recorded.lock().unwrap().push(head);
                    script(stream).await;
                });
            }
        });
        ScriptedUpstream { addr, heads }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Request heads received so far, as text up to the blank line.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// Reads a request head up to and including its blank line. Any request body stays unread,
/// because the scripts only write.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Writes `head`, which may contain bytes that are not UTF-8, then writes `body` while
/// reading the response, and returns every byte the proxy sent before it closed the
/// connection. Unlike [`send_raw`], it tolerates the proxy closing the connection before the
/// whole body is written, as it does after rejecting an oversized body, and it keeps interim
/// responses such as `100 Continue`.
pub async fn exchange_raw(addr: SocketAddr, head: impl AsRef<[u8]>, body: Vec<u8>) -> Vec<u8> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    writer.write_all(head.as_ref()).await.unwrap();
    let write_body = tokio::spawn(async move {
        // The proxy may close the connection early, so a failed write is expected.
        let _ = writer.write_all(&body).await;
        writer
    });
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), async {
        let mut buffer = [0u8; 8192];
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => raw.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    read.expect("proxy did not close the connection within 20 s");
    drop(write_body.await);
    raw
}

/// Returns the status code of the first response in `raw`, such as `100` or `413`.
pub fn first_status(raw: &[u8]) -> Option<u16> {
    let line_end = raw.windows(2).position(|window| window == b"\r\n")?;
    let line = std::str::from_utf8(&raw[..line_end]).ok()?;
    line.split(' ').nth(1)?.parse().ok()
}

/// Encodes `body` as HTTP/1.1 chunked transfer coding with chunks of at most `chunk_len`
/// bytes, including the final zero-length chunk.
pub fn chunked(body: &[u8], chunk_len: usize) -> Vec<u8> {
    let mut encoded = Vec::new();
    for chunk in body.chunks(chunk_len) {
        encoded.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        encoded.extend_from_slice(chunk);
        encoded.extend_from_slice(b"\r\n");
    }
    encoded.extend_from_slice(b"0\r\n\r\n");
    encoded
}
