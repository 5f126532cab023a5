//! The ECI API client of the console: signs each attempt afresh and sends it through the
//! CORS proxy.

mod browser;
mod clock;
mod diagnosis;
mod transport;
mod update;

pub use browser::{local_storage, now_ms, random_uuid};
pub use clock::skew_notice;
pub use diagnosis::signature_diagnosis;
pub use transport::REQUEST_TIMEOUT_MS;

use eci_core::api::{
    self, ApiError, CreateImageCacheResponse, DescribeFilter, DescribeImageCachesResponse,
    ErrorKind, ImageCache, RequestIdResponse, DESCRIBE_PAGE_SIZE,
};
use eci_core::list::merge_pages;
use eci_core::params::Params;
use eci_core::request::{sign_request, SigningContext};
use eci_core::retry::RetryPolicy;
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

    /// Signs and sends `action`. Throttling and 5xx errors are retried with the delays of
    /// [`RetryPolicy`]. A clock-skew rejection is retried once, signed with the service's
    /// time that its response carried. Each attempt has its own timestamp and nonce, and a
    /// create or delete carries the same `ClientToken` in each, so the service performs it
    /// once.
    async fn call<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &Params,
    ) -> Result<T, ApiError> {
        let policy = RetryPolicy::default();
        let mut attempt = 1;
        let mut skew_retried = false;
        loop {
            let error = match self.attempt(action, params).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            if error.kind() == ErrorKind::ClockSkew && !skew_retried {
                skew_retried = true;
                continue;
            }
            if !is_worth_retrying(&policy, attempt, &error) {
                return Err(error);
            }
            let delay_ms = policy.delay_ms(attempt, js_sys::Math::random(), None);
            TimeoutFuture::new(u32::try_from(delay_ms).unwrap_or(u32::MAX)).await;
            attempt += 1;
        }
    }

    async fn attempt<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &Params,
    ) -> Result<T, ApiError> {
        let nonce = random_uuid();
        let context = SigningContext {
            credentials: &self.settings.credentials,
            region_id: &self.settings.region,
            unix_seconds: clock::service_unix_seconds(),
            nonce: &nonce,
        };
        let signed = sign_request(action, params, &context);
        let result = transport::send_signed(&self.settings.api_url(), &signed).await;
        if let Err(error) = &result {
            diagnosis::remember(error, &signed.string_to_sign);
        }
        result
    }
}

/// Returns whether another attempt may succeed. A request that got no response is not retried:
/// the proxy is most likely down, misconfigured or rejecting this origin, and the user
/// should see that at once rather than after several timeouts.
fn is_worth_retrying(policy: &RetryPolicy, attempt: u32, error: &ApiError) -> bool {
    policy.should_retry(attempt, error) && error.http_status != 0
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
    let (status, _, body) = transport::fetch_text(&url, &init).await.ok()?;
    if status != 200 {
        return None;
    }
    let credentials: DemoCredentials = serde_json::from_str(&body).ok()?;
    let complete =
        !credentials.access_key_id.is_empty() && !credentials.access_key_secret.is_empty();
    complete.then_some(credentials)
}
