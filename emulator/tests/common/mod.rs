//! Test client: signs requests with the `eci-core` signer, as the console does, and sends
//! them to the emulator's router in process.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use eci_core::params::Params;
use eci_core::request::{
    sign_params, with_common_params, Credentials, SignedRequest, SigningContext,
};
use eci_core::signer::Method;
use eci_emulator::state::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET};
use eci_emulator::{app, Config, Emulator};
use serde_json::Value;
use tower::ServiceExt;

pub const REGION: &str = "cn-hangzhou";

/// A response, with the JSON body parsed.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["Code"].as_str().unwrap_or_default()
    }

    pub fn message(&self) -> &str {
        self.body["Message"].as_str().unwrap_or_default()
    }

    /// Panics with the body unless the status is 200.
    pub fn expect_ok(self) -> Self {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        self
    }

    /// Asserts the error code and HTTP status.
    pub fn expect_error(&self, code: &str, status: u16) {
        assert_eq!(self.code(), code, "body: {}", self.body);
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
    }
}

/// An emulator and a client with an AccessKey pair.
pub struct Client {
    pub emulator: Emulator,
    pub router: Router,
    pub credentials: Credentials,
    pub region: String,
}

impl Client {
    pub fn new(config: Config) -> Self {
        let emulator = Emulator::new(config);
        Self {
            router: app(emulator.clone()),
            emulator,
            credentials: Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET),
            region: REGION.to_string(),
        }
    }

    pub fn demo() -> Self {
        Self::new(Config::default())
    }

    /// Returns every parameter of a request (the common ones included) before signing,
    /// with the emulator's current time and a fresh nonce.
    pub fn all_params(&self, action: &str, params: &Params) -> Params {
        let nonce = uuid::Uuid::new_v4().to_string();
        let context = SigningContext {
            credentials: &self.credentials,
            region_id: &self.region,
            unix_seconds: self.emulator.now_ms() / 1000,
            nonce: &nonce,
        };
        with_common_params(action, params, &context)
    }

    /// Signs `action` for `method`.
    pub fn sign(&self, action: &str, params: &Params, method: Method) -> SignedRequest {
        let all = self.all_params(action, params);
        sign_params(action, &all, &self.credentials.access_key_secret, method)
    }

    /// Signs and sends `action` as a GET.
    pub async fn call(&self, action: &str, params: &Params) -> Reply {
        let signed = self.sign(action, params, Method::Get);
        self.send(&signed).await
    }

    /// Sends a signed request the way it was signed: GET with a query or POST with a form.
    pub async fn send(&self, signed: &SignedRequest) -> Reply {
        match signed.method {
            Method::Get => self.send_raw("GET", &signed.encoded, None).await,
            Method::Post => self.send_raw("POST", "", Some(&signed.encoded)).await,
        }
    }

    /// Sends a request with the given query and, when present, a form body.
    pub async fn send_raw(&self, method: &str, query: &str, form_body: Option<&str>) -> Reply {
        let uri = if query.is_empty() {
            "/".to_string()
        } else {
            format!("/?{query}")
        };
        let mut builder = Request::builder().method(method).uri(uri);
        if form_body.is_some() {
            builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let body = Body::from(form_body.unwrap_or_default().to_string());
        let response = self
            .router
            .clone()
            .oneshot(builder.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|error| {
            panic!(
                "body is not JSON ({error}): {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        Reply {
            status,
            headers,
            body,
        }
    }
}

/// Returns parameters from `(key, value)` pairs.
pub fn params(pairs: &[(&str, &str)]) -> Params {
    let mut params = Params::new();
    for (key, value) in pairs {
        params.insert(*key, *value);
    }
    params
}

/// Returns `encoded` (a query or form body) without the pair named `key`.
pub fn without_pair(encoded: &str, key: &str) -> String {
    let prefix = format!("{key}=");
    encoded
        .split('&')
        .filter(|pair| !pair.starts_with(&prefix))
        .collect::<Vec<_>>()
        .join("&")
}

/// Parameters of a minimal valid CreateImageCache.
pub fn create_params(name: &str, images: &[&str]) -> Params {
    let mut params = Params::new();
    params.insert("ImageCacheName", name);
    params.insert_list("Image", images);
    params
}

/// Creates a cache and returns its id.
pub async fn create_cache(client: &Client, name: &str, images: &[&str]) -> String {
    let reply = client
        .call("CreateImageCache", &create_params(name, images))
        .await
        .expect_ok();
    reply.body["ImageCacheId"].as_str().unwrap().to_string()
}

/// Returns the cache with `id` as DescribeImageCaches shows it, or `None`.
pub async fn describe_one(client: &Client, id: &str) -> Option<Value> {
    let reply = client
        .call("DescribeImageCaches", &params(&[("ImageCacheId", id)]))
        .await;
    let reply = reply.expect_ok();
    reply.body["ImageCaches"]
        .as_array()
        .unwrap()
        .first()
        .cloned()
}

/// Returns the status of the cache with `id`.
pub async fn status_of(client: &Client, id: &str) -> String {
    let cache = describe_one(client, id).await.expect("the cache exists");
    cache["Status"].as_str().unwrap().to_string()
}
