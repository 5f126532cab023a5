//! State shared by every page: the settings, the list of caches and its filters, and what
//! this tab sent for each cache.

use std::collections::HashMap;

use eci_core::api::ImageCache;
use eci_core::list::ListFilter;
use eci_core::schema::FormValues;
use leptos::prelude::*;

use crate::client::{local_storage, Client};
use crate::settings::{Settings, DEFAULT_PROXY_URL, DEFAULT_REGION};

/// localStorage keys of the settings that survive a reload. The AccessKey secret and the
/// security token are deliberately not among them.
const PROXY_URL_KEY: &str = "eci-console.proxy-url";
const REGION_KEY: &str = "eci-console.region";
const ACCESS_KEY_ID_KEY: &str = "eci-console.access-key-id";

/// The settings fields, as typed.
#[derive(Clone, Copy)]
pub struct SettingsSignals {
    pub proxy_url: RwSignal<String>,
    pub region: RwSignal<String>,
    pub access_key_id: RwSignal<String>,
    /// Kept in memory only, so it is empty again after a reload or in a new tab.
    pub access_key_secret: RwSignal<String>,
    /// Kept in memory only, like the secret.
    pub security_token: RwSignal<String>,
}

impl SettingsSignals {
    /// Creates the signals with the values saved in localStorage, or the defaults.
    pub fn load() -> Self {
        Self {
            proxy_url: RwSignal::new(stored(PROXY_URL_KEY).unwrap_or(DEFAULT_PROXY_URL.into())),
            region: RwSignal::new(stored(REGION_KEY).unwrap_or(DEFAULT_REGION.into())),
            access_key_id: RwSignal::new(stored(ACCESS_KEY_ID_KEY).unwrap_or_default()),
            access_key_secret: RwSignal::new(String::new()),
            security_token: RwSignal::new(String::new()),
        }
    }

    /// Saves the proxy URL, region and AccessKey ID whenever one of them changes.
    pub fn persist(self) {
        for (key, signal) in [
            (PROXY_URL_KEY, self.proxy_url),
            (REGION_KEY, self.region),
            (ACCESS_KEY_ID_KEY, self.access_key_id),
        ] {
            Effect::new(move |_| store(key, signal.get().trim()));
        }
    }

    /// Returns the current settings, trimmed, without tracking them.
    pub fn snapshot(&self) -> Settings {
        Settings::from_input(
            &self.proxy_url.get_untracked(),
            &self.region.get_untracked(),
            &self.access_key_id.get_untracked(),
            &self.access_key_secret.get_untracked(),
            &self.security_token.get_untracked(),
        )
    }

    /// Returns the values that must never be shown, for redaction.
    pub fn secrets(&self) -> Vec<String> {
        let secret = self.access_key_secret.get_untracked().trim().to_string();
        let token = self.security_token.get_untracked().trim().to_string();
        vec![secret, token]
    }
}

/// The caches the list shows, shared so that the detail page can add an imported cache
/// and a delete can remove one.
#[derive(Clone, Copy)]
pub struct CacheList {
    pub rows: RwSignal<Vec<ImageCache>>,
    /// Whether a list request has succeeded since the page was opened.
    pub loaded: RwSignal<bool>,
    /// The server-side filters of the last list request, kept while the user visits other
    /// pages.
    pub filter: RwSignal<ListFilter>,
    /// The status the list shows, or empty for every status. It filters in the browser,
    /// because DescribeImageCaches has no status filter.
    pub status: RwSignal<String>,
    /// Incremented to ask the list page to load again, as after the demo AccessKey fills
    /// the settings.
    pub reload_requests: RwSignal<u64>,
}

/// The form values this tab sent for each cache, by cache id. They live in memory only, like
/// the AccessKey secret, because they may contain registry passwords.
#[derive(Clone, Copy)]
pub struct SentForms {
    /// The values of the create form, merged with the values of later updates, so that an
    /// export can use what DescribeImageCaches does not return.
    pub values: RwSignal<HashMap<String, FormValues>>,
    /// When the last UpdateImageCache request for the cache was sent, in ms since the Unix
    /// epoch, so that the detail page keeps polling until the update shows.
    pub updated_at_ms: RwSignal<HashMap<String, f64>>,
}

/// The context every component reads with [`use_app_state`].
#[derive(Clone, Copy)]
pub struct AppState {
    pub settings: SettingsSignals,
    pub caches: CacheList,
    pub sent: SentForms,
}

impl AppState {
    pub fn new(settings: SettingsSignals) -> Self {
        let caches = CacheList {
            rows: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            filter: RwSignal::new(ListFilter::default()),
            status: RwSignal::new(String::new()),
            reload_requests: RwSignal::new(0),
        };
        let sent = SentForms {
            values: RwSignal::new(HashMap::new()),
            updated_at_ms: RwSignal::new(HashMap::new()),
        };
        Self {
            settings,
            caches,
            sent,
        }
    }

    /// Returns a client for the current settings, or the sentence that names the setting that
    /// is missing or wrong.
    pub fn client(&self) -> Result<Client, String> {
        let settings = self.settings.snapshot();
        match settings.problem() {
            Some(problem) => Err(problem),
            None => Ok(Client::new(settings)),
        }
    }
}

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}

fn stored(key: &str) -> Option<String> {
    local_storage()?
        .get_item(key)
        .ok()
        .flatten()
        .filter(|value| !value.is_empty())
}

fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        // A full or disabled storage only costs the user retyping the value next time.
        let _ = storage.set_item(key, value);
    }
}
