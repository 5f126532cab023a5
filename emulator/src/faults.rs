//! Fault switches, so that tests can exercise a console's retry and error paths: fractions
//! of API requests that fail, lose their reply, lose their connection or get a malformed
//! reply, plus a delay before every reply. One more switch reads requests the way a broken
//! proxy would pass them on.
//!
//! Random draws come from a seeded generator shared by all requests, so one seed and one
//! order of requests always give the same faults. Rates of exactly 0 and 1 draw no number.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::time::Duration;

use axum::http::StatusCode;
use serde::Serialize;

use crate::errors::ApiFailure;

/// Value of the `x-acs-retry-after` header on throttled replies.
// NOTE: the unit of `x-acs-retry-after` is undocumented. The throttling tests of the
// official Darabonba SDK (aliyun/darabonba-openapi, ThrottlingBackoffTest.java) read
// milliseconds, and the console reads values under 100 as seconds. A value of 1 is a short
// wait in either unit.
pub const RETRY_AFTER: u64 = 1;

/// Header with the time a throttled client should wait before it retries.
pub const RETRY_AFTER_HEADER: &str = "x-acs-retry-after";

/// The fault settings, as `GET /admin/faults` shows them (without the clock offset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct FaultSettings {
    /// Fraction of API requests that fail with 503 `ServiceUnavailable` before any check.
    pub fail_rate: f64,
    /// Fraction of API requests that reach their action, are carried out, and then get a
    /// 503 `ServiceUnavailable` reply in place of the real one.
    pub fail_after_rate: f64,
    /// Fraction of API requests whose connection is closed without an HTTP response.
    pub drop_rate: f64,
    /// Fraction of API requests whose reply is replaced by a malformed one.
    pub garbage_rate: f64,
    /// Fraction of authenticated API requests that fail with `Throttling.User`.
    pub throttle_rate: f64,
    /// Milliseconds every API reply waits before it is sent.
    pub delay_ms: u64,
    /// The one kind of malformed reply to send, or `None` to take turns through
    /// [`Garbage::CYCLE`].
    pub garbage_kind: Option<Garbage>,
    /// Whether every `%20` in a query or form body is read as `%2B`, so that a space in a
    /// value arrives as a plus sign and the signature check fails.
    pub mangle_plus: bool,
}

/// A malformed reply, as a broken gateway or a cut connection would produce one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Garbage {
    /// An HTML error page with status 502.
    HtmlPage,
    /// Status 500 with an empty body.
    EmptyBody,
    /// Status 200 with a JSON body cut off in the middle.
    TruncatedJson,
}

impl Garbage {
    /// The kinds in the order that successive garbage replies cycle through.
    pub const CYCLE: [Garbage; 3] = [
        Garbage::HtmlPage,
        Garbage::EmptyBody,
        Garbage::TruncatedJson,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Garbage::HtmlPage => "html-page",
            Garbage::EmptyBody => "empty-body",
            Garbage::TruncatedJson => "truncated-json",
        }
    }

    /// Parses the name that [`Garbage::as_str`] returns.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::CYCLE.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// Fault switches that can change while the emulator runs.
#[derive(Debug)]
pub struct Faults {
    fail_rate: Rate,
    fail_after_rate: Rate,
    drop_rate: Rate,
    garbage_rate: Rate,
    throttle_rate: Rate,
    delay_ms: AtomicU64,
    /// 0 to take turns, otherwise 1 plus the index of the kind in [`Garbage::CYCLE`].
    garbage_kind: AtomicU8,
    mangle_plus: AtomicBool,
    random: SplitMix64,
    /// Garbage replies sent so far; it picks the next kind from [`Garbage::CYCLE`].
    garbage_sent: AtomicU64,
}

impl Faults {
    /// Creates the switches with `settings`, drawing from a generator seeded with `seed`.
    /// Out-of-range rates are clamped to `0.0..=1.0`.
    pub fn new(settings: FaultSettings, seed: u64) -> Self {
        let faults = Self {
            fail_rate: Rate::default(),
            fail_after_rate: Rate::default(),
            drop_rate: Rate::default(),
            garbage_rate: Rate::default(),
            throttle_rate: Rate::default(),
            delay_ms: AtomicU64::new(0),
            garbage_kind: AtomicU8::new(0),
            mangle_plus: AtomicBool::new(false),
            random: SplitMix64::new(seed),
            garbage_sent: AtomicU64::new(0),
        };
        faults.apply(&settings);
        faults
    }

    /// Returns the current settings.
    pub fn settings(&self) -> FaultSettings {
        FaultSettings {
            fail_rate: self.fail_rate.get(),
            fail_after_rate: self.fail_after_rate.get(),
            drop_rate: self.drop_rate.get(),
            garbage_rate: self.garbage_rate.get(),
            throttle_rate: self.throttle_rate.get(),
            delay_ms: self.delay_ms.load(Ordering::Relaxed),
            garbage_kind: self.garbage_kind(),
            mangle_plus: self.mangle_plus(),
        }
    }

    /// Replaces every setting; out-of-range rates are clamped to `0.0..=1.0`.
    pub fn apply(&self, settings: &FaultSettings) {
        self.set_fail_rate(settings.fail_rate);
        self.set_fail_after_rate(settings.fail_after_rate);
        self.set_drop_rate(settings.drop_rate);
        self.set_garbage_rate(settings.garbage_rate);
        self.set_throttle_rate(settings.throttle_rate);
        self.set_delay(Duration::from_millis(settings.delay_ms));
        self.set_garbage_kind(settings.garbage_kind);
        self.set_mangle_plus(settings.mangle_plus);
    }

    /// Sets the fraction of requests that fail with HTTP 503 `ServiceUnavailable`.
    pub fn set_fail_rate(&self, rate: f64) {
        self.fail_rate.set(rate);
    }

    /// Sets the fraction of requests that are carried out but get HTTP 503 as their reply.
    pub fn set_fail_after_rate(&self, rate: f64) {
        self.fail_after_rate.set(rate);
    }

    /// Sets the fraction of requests whose connection is closed without a response.
    pub fn set_drop_rate(&self, rate: f64) {
        self.drop_rate.set(rate);
    }

    /// Sets the fraction of requests that get a malformed reply.
    pub fn set_garbage_rate(&self, rate: f64) {
        self.garbage_rate.set(rate);
    }

    /// Sets the fraction of authenticated requests that fail with `Throttling.User`.
    pub fn set_throttle_rate(&self, rate: f64) {
        self.throttle_rate.set(rate);
    }

    /// Sets how long every API reply waits before it is sent.
    pub fn set_delay(&self, delay: Duration) {
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.delay_ms.store(millis, Ordering::Relaxed);
    }

    /// Sets the one kind of malformed reply to send, or `None` to take turns.
    pub fn set_garbage_kind(&self, kind: Option<Garbage>) {
        let index = kind.and_then(|kind| Garbage::CYCLE.iter().position(|k| *k == kind));
        let stored = index.map_or(0, |index| index as u8 + 1);
        self.garbage_kind.store(stored, Ordering::Relaxed);
    }

    /// Returns the one kind of malformed reply sent, or `None` when they take turns.
    pub fn garbage_kind(&self) -> Option<Garbage> {
        let stored = self.garbage_kind.load(Ordering::Relaxed);
        let index = usize::from(stored).checked_sub(1)?;
        Garbage::CYCLE.get(index).copied()
    }

    /// Sets whether requests are read with each `%20` as `%2B`.
    pub fn set_mangle_plus(&self, enabled: bool) {
        self.mangle_plus.store(enabled, Ordering::Relaxed);
    }

    /// Returns whether requests are read with each `%20` as `%2B`.
    pub fn mangle_plus(&self) -> bool {
        self.mangle_plus.load(Ordering::Relaxed)
    }

    /// Returns how long every API reply waits before it is sent.
    pub fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms.load(Ordering::Relaxed))
    }

    /// Draws whether this request fails as if the service were unavailable.
    pub fn draw_unavailable(&self) -> Option<ApiFailure> {
        self.fail_rate.draw(&self.random).then(service_unavailable)
    }

    /// Draws whether the reply of a request that was carried out is lost and replaced by
    /// HTTP 503 `ServiceUnavailable`.
    pub fn draw_reply_lost(&self) -> Option<ApiFailure> {
        self.fail_after_rate
            .draw(&self.random)
            .then(service_unavailable)
    }

    /// Draws whether this request's connection is closed without a response.
    pub fn draw_dropped(&self) -> bool {
        self.drop_rate.draw(&self.random)
    }

    /// Draws whether this request gets a malformed reply, and which one: the configured
    /// kind, or else the next of [`Garbage::CYCLE`].
    pub fn draw_garbage(&self) -> Option<Garbage> {
        if !self.garbage_rate.draw(&self.random) {
            return None;
        }
        if let Some(kind) = self.garbage_kind() {
            return Some(kind);
        }
        let sent = self.garbage_sent.fetch_add(1, Ordering::Relaxed);
        Some(Garbage::CYCLE[(sent % Garbage::CYCLE.len() as u64) as usize])
    }

    /// Draws whether this request is throttled. The failure carries [`RETRY_AFTER`] in
    /// its `x-acs-retry-after` header.
    pub fn draw_throttled(&self) -> Option<ApiFailure> {
        self.throttle_rate.draw(&self.random).then(|| {
            ApiFailure::new(
                StatusCode::BAD_REQUEST,
                "Throttling.User",
                "Request was denied due to user flow control.",
            )
            .with_retry_after(RETRY_AFTER)
        })
    }
}

fn service_unavailable() -> ApiFailure {
    ApiFailure::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "ServiceUnavailable",
        "The request has failed due to a temporary failure of the server.",
    )
}

/// Returns a fault seed that differs from run to run, for when none is configured.
pub fn random_seed() -> u64 {
    uuid::Uuid::new_v4().as_u128() as u64
}

/// A fraction stored as the bits of an `f64`, clamped to `0.0..=1.0`.
#[derive(Debug, Default)]
struct Rate(AtomicU64);

impl Rate {
    fn set(&self, rate: f64) {
        let clamped = if rate.is_nan() {
            0.0
        } else {
            rate.clamp(0.0, 1.0)
        };
        self.0.store(clamped.to_bits(), Ordering::Relaxed);
    }

    fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }

    /// Returns true with the stored probability: never at 0.0, always at 1.0.
    fn draw(&self, random: &SplitMix64) -> bool {
        let rate = self.get();
        if rate <= 0.0 {
            return false;
        }
        rate >= 1.0 || random.next_fraction() < rate
    }
}

/// The SplitMix64 generator of Steele, Lea and Flood ("Fast splittable pseudorandom number
/// generators", OOPSLA 2014). Its state only ever grows by a constant, so an atomic add
/// makes it safe to share between requests without a lock.
#[derive(Debug)]
struct SplitMix64 {
    state: AtomicU64,
}

impl SplitMix64 {
    const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

    fn new(seed: u64) -> Self {
        Self {
            state: AtomicU64::new(seed),
        }
    }

    fn next_u64(&self) -> u64 {
        let state = self
            .state
            .fetch_add(Self::GAMMA, Ordering::Relaxed)
            .wrapping_add(Self::GAMMA);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Returns a uniformly distributed number in `0.0..1.0` from the top 53 bits.
    fn next_fraction(&self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(settings: FaultSettings) -> Faults {
        Faults::new(settings, 7)
    }

    #[test]
    fn zero_never_and_one_always() {
        let faults = with(FaultSettings {
            throttle_rate: 1.0,
            ..Default::default()
        });
        for _ in 0..100 {
            assert!(faults.draw_unavailable().is_none());
            assert!(faults.draw_throttled().is_some());
        }
    }

    #[test]
    fn half_rate_hits_sometimes() {
        let faults = with(FaultSettings {
            fail_rate: 0.5,
            ..Default::default()
        });
        let hits = (0..1000)
            .filter(|_| faults.draw_unavailable().is_some())
            .count();
        assert!((350..650).contains(&hits), "{hits} of 1000 draws failed");
    }

    #[test]
    fn out_of_range_rates_are_clamped() {
        let faults = with(FaultSettings {
            fail_rate: 7.0,
            throttle_rate: f64::NAN,
            drop_rate: -1.0,
            ..Default::default()
        });
        assert!(faults.draw_unavailable().is_some());
        assert!(faults.draw_throttled().is_none());
        assert!(!faults.draw_dropped());
        assert_eq!(faults.settings().fail_rate, 1.0);
        assert_eq!(faults.settings().drop_rate, 0.0);
    }

    #[test]
    fn same_seed_same_draws() {
        let settings = FaultSettings {
            drop_rate: 0.5,
            ..Default::default()
        };
        let first = Faults::new(settings, 42);
        let second = Faults::new(settings, 42);
        let other = Faults::new(settings, 43);
        let draws = |faults: &Faults| (0..64).map(|_| faults.draw_dropped()).collect::<Vec<_>>();
        let expected = draws(&first);
        assert_eq!(draws(&second), expected);
        assert_ne!(draws(&other), expected);
    }

    #[test]
    fn garbage_cycles_through_kinds() {
        let faults = with(FaultSettings {
            garbage_rate: 1.0,
            ..Default::default()
        });
        let kinds: Vec<_> = (0..4).map(|_| faults.draw_garbage().unwrap()).collect();
        assert_eq!(
            kinds,
            [
                Garbage::HtmlPage,
                Garbage::EmptyBody,
                Garbage::TruncatedJson,
                Garbage::HtmlPage
            ]
        );
    }

    #[test]
    fn garbage_kind_overrides_the_cycle() {
        let faults = with(FaultSettings {
            garbage_rate: 1.0,
            garbage_kind: Some(Garbage::EmptyBody),
            ..Default::default()
        });
        for _ in 0..4 {
            assert_eq!(faults.draw_garbage(), Some(Garbage::EmptyBody));
        }
        faults.set_garbage_kind(None);
        assert_eq!(faults.draw_garbage(), Some(Garbage::HtmlPage));
        assert_eq!(faults.draw_garbage(), Some(Garbage::EmptyBody));
    }

    #[test]
    fn garbage_names_round_trip() {
        for kind in Garbage::CYCLE {
            assert_eq!(Garbage::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(Garbage::from_name("html"), None);
    }

    #[test]
    fn throttling_carries_retry_after() {
        let faults = with(FaultSettings {
            throttle_rate: 1.0,
            ..Default::default()
        });
        let failure = faults.draw_throttled().unwrap();
        assert_eq!(failure.retry_after, Some(RETRY_AFTER));
        let unavailable = Faults::new(
            FaultSettings {
                fail_rate: 1.0,
                ..Default::default()
            },
            1,
        );
        assert_eq!(unavailable.draw_unavailable().unwrap().retry_after, None);
    }

    #[test]
    fn settings_round_trip() {
        let settings = FaultSettings {
            fail_rate: 0.1,
            fail_after_rate: 0.2,
            drop_rate: 0.3,
            garbage_rate: 0.4,
            throttle_rate: 0.5,
            delay_ms: 250,
            garbage_kind: Some(Garbage::TruncatedJson),
            mangle_plus: true,
        };
        let faults = with(FaultSettings::default());
        faults.apply(&settings);
        assert_eq!(faults.settings(), settings);
        assert_eq!(faults.delay(), Duration::from_millis(250));
    }
}
