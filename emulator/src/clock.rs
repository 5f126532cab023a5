//! The emulator's idea of the current time: the system clock plus an adjustable offset, so
//! that tests can simulate clock skew or jump ahead through a cache's lifecycle.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;

/// Milliseconds in one day, for retention periods.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// System time shifted by an offset in milliseconds.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    pub fn with_offset_secs(offset_secs: i64) -> Self {
        Self {
            offset_ms: AtomicI64::new(offset_secs * 1000),
        }
    }

    /// Returns the emulator's current time in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        let system_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis() as i64)
            .unwrap_or(0);
        system_ms + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves the emulator's time forward by `step` (the system clock keeps running too).
    pub fn advance(&self, step: Duration) {
        self.offset_ms
            .fetch_add(step.as_millis() as i64, Ordering::Relaxed);
    }

    /// Returns how far the emulator's time is ahead of the system clock, in milliseconds;
    /// it includes every [`Clock::advance`] step.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// Sets how far the emulator's time is ahead of (positive) or behind (negative) the
    /// system clock.
    pub fn set_offset_secs(&self, offset_secs: i64) {
        self.offset_ms.store(offset_secs * 1000, Ordering::Relaxed);
    }
}

/// Formats milliseconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ` in UTC, the form of
/// every time field in ECI responses.
pub fn format_utc(unix_ms: i64) -> String {
    eci_core::request::format_timestamp(unix_ms.div_euclid(1000))
}

/// Formats milliseconds since the Unix epoch as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`)
/// for the `Date` header.
pub fn format_http_date(unix_ms: i64) -> String {
    let seconds = unix_ms.div_euclid(1000);
    let time = OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    httpdate::fmt_http_date(SystemTime::from(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_without_fraction() {
        assert_eq!(format_utc(1_456_231_584_999), "2016-02-23T12:46:24Z");
    }

    #[test]
    fn formats_http_date() {
        assert_eq!(
            format_http_date(784_111_777_000),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
    }

    #[test]
    fn offset_shifts_now() {
        let clock = Clock::with_offset_secs(3600);
        let system_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let shifted = clock.now_ms() - system_ms;
        assert!(
            (3_599_000..3_601_000).contains(&shifted),
            "offset was {shifted} ms"
        );
    }
}
