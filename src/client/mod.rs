//! The ECI API client of the console: signs each attempt afresh and sends it through the
//! CORS proxy.

mod activity;
mod browser;
mod clock;
mod diagnosis;
mod transport;
mod update;

pub use activity::{request_log, subscribe, unsubscribe, RequestRecord, MAX_LOG_ENTRIES};
pub use browser::{local_storage, now_ms, random_uuid};
pub use clock::skew_notice;
pub use diagnosis::signature_diagnosis;
pub use transport::REQUEST_TIMEOUT_MS;

use eci_core::api::{
    self, ApiError, BodyShape, CreateImageCacheResponse, DescribeFilter,
    DescribeImageCachesResponse, ErrorKind, ImageCache, RequestIdResponse, DESCRIBE_PAGE_SIZE,
};
use eci_core::curl::curl_command;
use eci_core::list::merge_pages;
use eci_core::params::Params;
use eci_core::request::{sign_request, SigningContext};
use eci_core::retry::{RetryDecision, RetryPolicy};
use eci_core::schema::{self, FormValues};
use gloo_timers::future::TimeoutFuture;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::settings::{self, Settings};

/// Most pages `describe_all` reads, so a service that keeps returning a token cannot keep
/// the console loading forever (200 pages of 20 caches).
const MAX_PAGES: usize = 200;

/// An ECI API client for one set of [`Settings`].
#[derive(Clone, Debug)]
pub struct Client {
    settings: Settings,
}

impl Client {
    pub fn new(settings: Settings) -> Self {
        Self { settings }
    }

    /// Returns every cache that matches `filter`, following `NextToken` until it is empty.
    /// The result has one entry per cache id and none with an empty id.
    pub async fn describe_all(&self, filter: &DescribeFilter) -> Result<Vec<ImageCache>, ApiError> {
        let mut pages = Vec::new();
        let mut next_token = String::new();
        for _ in 0..MAX_PAGES {
            let params = api::describe_params(filter, &next_token, DESCRIBE_PAGE_SIZE);
            let page: DescribeImageCachesResponse =
                self.call(api::DESCRIBE_IMAGE_CACHES, &params).await?;
            pages.push(page.image_caches);
            if page.next_token.is_empty() || page.next_token == next_token {
                break;
            }
            next_token = page.next_token;
        }
        Ok(merge_pages(pages))
    }

    /// Returns the cache with `image_cache_id`, or `None` when the service does not list it
    /// (the service returns an empty list for an unknown id, not an error).
    pub async fn describe_one(&self, image_cache_id: &str) -> Result<Option<ImageCache>, ApiError> {
        let filter = DescribeFilter::by_id(image_cache_id.trim());
        let caches = self.describe_all(&filter).await?;
        Ok(caches
            .into_iter()
            .find(|cache| cache.image_cache_id == image_cache_id.trim()))
    }

    /// Creates a cache from the form. A fresh `ClientToken` makes the retries of this one
    /// call idempotent.
    pub async fn create(&self, form: &FormValues) -> Result<CreateImageCacheResponse, ApiError> {
        let mut params = schema::create_params(form);
        params.insert("ClientToken", random_uuid());
        self.call(api::CREATE_IMAGE_CACHE, &params).await
    }

    /// Deletes the cache with `image_cache_id`.
    pub async fn delete(&self, image_cache_id: &str) -> Result<RequestIdResponse, ApiError> {
        let params = api::delete_params(image_cache_id, &random_uuid());
        self.call(api::DELETE_IMAGE_CACHE, &params).await
    }

    /// Signs and sends `action` with the retries of [`RetryPolicy::decide`]: network
    /// failures, 5xx replies and throttling after a backoff, and one clock-skew rejection
    /// immediately, signed with the service's time from that reply's `Date` header. Each
    /// attempt has its own timestamp and nonce, and a create, update or delete carries the
    /// same `ClientToken` in each, so the service performs it once. The call and its
    /// attempts go to the request log.
    async fn call<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &Params,
    ) -> Result<T, ApiError> {
        let record = activity::start(action, now_ms());
        let result = self.call_with_retries(record, action, params).await;
        activity::finish(record);
        result
    }

    async fn call_with_retries<T: DeserializeOwned>(
        &self,
        record: u64,
        action: &str,
        params: &Params,
    ) -> Result<T, ApiError> {
        let policy = RetryPolicy::default();
        let mut resigned_for_skew = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let reply = self.attempt(record, attempt, action, params).await;
            let error = match reply.result {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            let jitter = js_sys::Math::random();
            let decision = policy.decide(
                attempt,
                &error,
                resigned_for_skew,
                jitter,
                reply.retry_after_ms,
            );
            match decision {
                RetryDecision::GiveUp => return Err(error),
                RetryDecision::ResignNow => resigned_for_skew = true,
                RetryDecision::RetryAfter { delay_ms } => {
                    TimeoutFuture::new(u32::try_from(delay_ms).unwrap_or(u32::MAX)).await;
                }
            }
        }
    }

    /// Signs `action` with the service's current time and a fresh nonce, sends it, and
    /// stores the result as attempt `attempt` of log record `record`.
    async fn attempt<T: DeserializeOwned>(
        &self,
        record: u64,
        attempt: u32,
        action: &str,
        params: &Params,
    ) -> transport::Reply<T> {
        let nonce = random_uuid();
        let context = SigningContext {
            credentials: &self.settings.credentials,
            region_id: &self.settings.region,
            unix_seconds: clock::service_unix_seconds(),
            nonce: &nonce,
        };
        let signed = sign_request(action, params, &context);
        let api_url = self.settings.api_url();
        let reply = transport::send_signed(&api_url, &signed).await;
        if let Err(error) = &reply.result {
            diagnosis::remember(error, &signed.string_to_sign);
        }
        let summary = activity::AttemptSummary {
            http_status: (reply.status != 0).then_some(reply.status),
            request_id: reply.request_id.clone(),
            outcome: outcome_text(reply.result.as_ref().err()),
            curl: curl_command(&api_url, &signed),
        };
        activity::record_attempt(record, attempt, summary);
        reply
    }
}

/// Returns the request log's few words on an attempt's result.
fn outcome_text(error: Option<&ApiError>) -> String {
    let Some(error) = error else {
        return "OK".to_string();
    };
    if !error.code.is_empty() {
        return error.code.clone();
    }
    let text = match (error.kind(), error.body_shape()) {
        (ErrorKind::TimedOut, _) => "timed out",
        (ErrorKind::Unreachable, _) => "no response",
        (_, BodyShape::Html) => "HTML page",
        (_, BodyShape::Xml) => "XML",
        (_, BodyShape::Empty) => "empty body",
        (_, BodyShape::TruncatedJson) => "cut-off JSON",
        (_, BodyShape::Text) => "plain text",
        (_, BodyShape::Json) => "unexpected JSON",
    };
    text.to_string()
}

/// The AccessKey pair a proxy in emulator mode offers for the emulator. It has no `Debug`,
/// so the secret cannot end up in a log line.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct DemoCredentials {
    #[serde(rename = "AccessKeyId")]
    pub access_key_id: String,
    #[serde(rename = "AccessKeySecret")]
    pub access_key_secret: String,
}

/// Asks the proxy at `proxy_url` for the emulator's demo AccessKey. Returns `None` for any
/// failure, because only a proxy in emulator mode serves it.
pub async fn fetch_demo_credentials(proxy_url: &str) -> Option<DemoCredentials> {
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let url = settings::demo_credentials_url(proxy_url);
    let reply = transport::fetch_text(&url, &init).await.ok()?;
    if reply.status != 200 {
        return None;
    }
    let credentials: DemoCredentials = serde_json::from_str(&reply.body).ok()?;
    let complete =
        !credentials.access_key_id.is_empty() && !credentials.access_key_secret.is_empty();
    complete.then_some(credentials)
}
