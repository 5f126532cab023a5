//! State shared by every page: the settings and the list of caches.

use eci_core::api::ImageCache;
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
}

/// The context every component reads with [`use_app_state`].
#[derive(Clone, Copy)]
pub struct AppState {
    pub settings: SettingsSignals,
    pub caches: CacheList,
}

impl AppState {
    pub fn new(settings: SettingsSignals) -> Self {
        let caches = CacheList {
            rows: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
        };
        Self { settings, caches }
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
