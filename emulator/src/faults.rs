//! Fault switches: fractions of requests that fail with a service error or throttling, so
//! that tests can exercise a console's retry and error paths.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::StatusCode;

use crate::errors::ApiFailure;

/// Fault rates, each a fraction in `0.0..=1.0` that can change while the emulator runs.
#[derive(Debug, Default)]
pub struct Faults {
    fail_rate: Rate,
    throttle_rate: Rate,
}

impl Faults {
    pub fn new(fail_rate: f64, throttle_rate: f64) -> Self {
        let faults = Self::default();
        faults.set_fail_rate(fail_rate);
        faults.set_throttle_rate(throttle_rate);
        faults
    }

    /// Sets the fraction of requests that fail with HTTP 503 `ServiceUnavailable`.
    pub fn set_fail_rate(&self, rate: f64) {
        self.fail_rate.set(rate);
    }

    /// Sets the fraction of authenticated requests that fail with `Throttling.User`.
    pub fn set_throttle_rate(&self, rate: f64) {
        self.throttle_rate.set(rate);
    }

    /// Draws whether this request fails as if the service were unavailable.
    pub fn draw_unavailable(&self) -> Option<ApiFailure> {
        self.fail_rate.draw().then(|| {
            ApiFailure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            )
        })
    }

    /// Draws whether this request is throttled.
    pub fn draw_throttled(&self) -> Option<ApiFailure> {
        self.throttle_rate.draw().then(|| {
            ApiFailure::new(
                StatusCode::BAD_REQUEST,
                "Throttling.User",
                "Request was denied due to user flow control.",
            )
        })
    }
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

    /// Returns true with the stored probability: never at 0.0, always at 1.0.
    fn draw(&self) -> bool {
        let rate = f64::from_bits(self.0.load(Ordering::Relaxed));
        if rate <= 0.0 {
            return false;
        }
        rate >= 1.0 || random_fraction() < rate
    }
}

/// Returns a uniformly distributed number in `0.0..1.0` from the random bits of a v4 UUID.
/// Its lowest 53 bits are random; the version and variant bits sit higher up.
fn random_fraction() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() as u64 & ((1u64 << 53) - 1);
    bits as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_never_and_one_always() {
        let faults = Faults::new(0.0, 1.0);
        for _ in 0..100 {
            assert!(faults.draw_unavailable().is_none());
            assert!(faults.draw_throttled().is_some());
        }
    }

    #[test]
    fn half_rate_hits_sometimes() {
        let faults = Faults::new(0.5, 0.0);
        let hits = (0..1000)
            .filter(|_| faults.draw_unavailable().is_some())
            .count();
        assert!((350..650).contains(&hits), "{hits} of 1000 draws failed");
    }

    #[test]
    fn out_of_range_rates_are_clamped() {
        let faults = Faults::new(7.0, f64::NAN);
        assert!(faults.draw_unavailable().is_some());
        assert!(faults.draw_throttled().is_none());
    }
}
