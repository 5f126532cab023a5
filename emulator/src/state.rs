//! Configuration and shared state of a running emulator.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::clock::Clock;
use crate::faults::{random_seed, FaultSettings, Faults};
use crate::lifecycle::CacheRecord;
use crate::spec::{CacheSpec, DEFAULT_CACHE_SIZE_GIB};
use crate::store::Store;

/// AccessKey ID of the built-in demo pair. It exists only in this emulator.
pub const DEMO_ACCESS_KEY_ID: &str = "LTAIdemoEmulatorKey01";
/// AccessKey secret of the built-in demo pair.
pub const DEMO_ACCESS_KEY_SECRET: &str = "emulator-demo-secret";
/// AccessKey ID of the STS demo pair, accepted only when a security token is configured.
pub const STS_ACCESS_KEY_ID: &str = "STS.demoEmulatorKey";
/// AccessKey secret of the STS demo pair.
pub const STS_ACCESS_KEY_SECRET: &str = "emulator-demo-sts-secret";
/// Region of the caches that `seed` creates.
pub const DEFAULT_SEED_REGION: &str = "cn-hangzhou";

/// Settings of the emulator. `Default` gives the demo settings.
#[derive(Clone, Debug)]
pub struct Config {
    pub access_key_id: String,
    pub access_key_secret: String,
    /// When set, the STS pair is accepted and its requests must carry this token.
    pub security_token: Option<String>,
    pub sts_access_key_secret: String,
    /// How long Preparing and Creating take together.
    pub create_duration: Duration,
    /// How long Updating takes.
    pub update_duration: Duration,
    /// Number of `Ready` caches that exist at start.
    pub seed: usize,
    pub seed_region: String,
    /// Seconds the emulator's clock is ahead of the system clock (negative: behind).
    pub clock_offset_secs: i64,
    /// Fault switches at start; [`Emulator::faults`] changes them while the emulator runs.
    pub faults: FaultSettings,
    /// Seed of the fault draws; `None` picks a different seed on each start.
    pub fault_seed: Option<u64>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            access_key_id: DEMO_ACCESS_KEY_ID.to_string(),
            access_key_secret: DEMO_ACCESS_KEY_SECRET.to_string(),
            security_token: None,
            sts_access_key_secret: STS_ACCESS_KEY_SECRET.to_string(),
            create_duration: Duration::from_secs(6),
            update_duration: Duration::from_secs(2),
            seed: 0,
            seed_region: DEFAULT_SEED_REGION.to_string(),
            clock_offset_secs: 0,
            faults: FaultSettings::default(),
            fault_seed: None,
        }
    }
}

/// A nonce seen within the replay window, keyed by AccessKey ID and nonce, with the time
/// in milliseconds until which it is remembered.
pub type NonceCache = HashMap<(String, String), i64>;

/// Shared state of a running emulator; clones share the same caches, clock and faults.
#[derive(Clone, Debug)]
pub struct Emulator {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    clock: Clock,
    faults: Faults,
    store: Mutex<Store>,
    nonces: Mutex<NonceCache>,
    security_token_expired: std::sync::atomic::AtomicBool,
}

impl Emulator {
    /// Creates the state and the `config.seed` caches, which are `Ready` already.
    pub fn new(config: Config) -> Self {
        let clock = Clock::with_offset_secs(config.clock_offset_secs);
        let seed = config.fault_seed.unwrap_or_else(random_seed);
        let faults = Faults::new(config.faults, seed);
        let mut store = Store::default();
        seed_caches(&mut store, &config, clock.now_ms());
        Self {
            inner: Arc::new(Inner {
                config,
                clock,
                faults,
                store: Mutex::new(store),
                nonces: Mutex::new(NonceCache::new()),
                security_token_expired: Default::default(),
            }),
        }
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    pub fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    pub fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    /// Makes the configured security token read as expired (`InvalidSecurityToken.Expired`).
    pub fn set_security_token_expired(&self, expired: bool) {
        self.inner
            .security_token_expired
            .store(expired, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn security_token_expired(&self) -> bool {
        self.inner
            .security_token_expired
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Locks the store after applying every job that has ended by now.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        let mut store = lock(&self.inner.store);
        store.settle(self.now_ms());
        store
    }

    pub fn nonces(&self) -> MutexGuard<'_, NonceCache> {
        lock(&self.inner.nonces)
    }

    /// Removes every cache, client token and remembered nonce, and returns how many caches
    /// there were. Fault settings, the clock and the security-token state stay as they are.
    pub fn reset(&self) -> usize {
        let removed = self.store().clear();
        self.nonces().clear();
        removed
    }
}

/// Locks a mutex, recovering the data if a panicking request handler poisoned it: every
/// update of the store and the nonce cache leaves them consistent between statements.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Adds `config.seed` caches whose builds ended before `now_ms`, one minute apart.
fn seed_caches(store: &mut Store, config: &Config, now_ms: i64) {
    let duration_ms = config.create_duration.as_millis() as i64;
    for index in 0..config.seed {
        let number = index + 1;
        let spec = CacheSpec {
            name: format!("seed-cache-{number:03}"),
            images: vec![format!("registry.example.com/demo/app-{number}:1.0")],
            size_gib: DEFAULT_CACHE_SIZE_GIB,
            ..Default::default()
        };
        let minutes_ago = (config.seed - index) as i64;
        let created_ms = now_ms - minutes_ago * 60_000 - duration_ms;
        store.insert(
            CacheRecord::create(&config.seed_region, spec, created_ms, duration_ms),
            None,
        );
    }
    store.settle(now_ms);
}
