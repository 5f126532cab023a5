//! The offset between this computer's clock and the service's, measured from the `Date`
//! header of every response, so that requests are signed with the service's time.

use std::cell::Cell;

use eci_core::clock::{describe_skew, skew_seconds};

use super::browser::unix_seconds;

thread_local! {
    /// Seconds the service's clock is ahead of the local one; 0 until the `Date` header of
    /// a response shows otherwise.
    static OFFSET_SECONDS: Cell<i64> = const { Cell::new(0) };
}

/// Returns the current time on the service's clock, in seconds since the Unix epoch.
pub fn service_unix_seconds() -> i64 {
    unix_seconds() + OFFSET_SECONDS.with(Cell::get)
}

/// Records the offset that a response's `Date` header shows, given the local times at
/// which the request was sent and the response arrived.
pub fn observe_date_header(date: &str, sent_at_ms: f64, received_at_ms: f64) {
    if let Some(offset) = skew_seconds(date, sent_at_ms, received_at_ms) {
        OFFSET_SECONDS.with(|cell| cell.set(offset));
    }
}

/// Returns a sentence for the user when this computer's clock is noticeably off.
pub fn skew_notice() -> Option<String> {
    describe_skew(OFFSET_SECONDS.with(Cell::get))
}
