//! The offset between this computer's clock and the service's, measured from the `Date`
//! header of every response, so that requests are signed with the service's time.

use std::cell::Cell;

use eci_core::clock::ClockOffset;

use super::activity;
use super::browser::now_ms;

thread_local! {
    /// The offset that the latest readable `Date` header showed; zero until then.
    static OFFSET: Cell<ClockOffset> = Cell::new(ClockOffset::default());
}

/// Returns the current time on the service's clock, in seconds since the Unix epoch.
pub fn service_unix_seconds() -> i64 {
    OFFSET.with(Cell::get).service_unix_seconds(now_ms())
}

/// Records the offset that a response's `Date` header shows, given the local times at
/// which the request was sent and the response arrived, and notifies the UI when it changed.
pub fn observe_date_header(date: &str, sent_at_ms: f64, received_at_ms: f64) {
    let mut offset = OFFSET.with(Cell::get);
    let changed = offset.observe(date, sent_at_ms, received_at_ms);
    OFFSET.with(|cell| cell.set(offset));
    if changed {
        activity::notify();
    }
}

/// Returns a sentence for the user when this computer's clock is noticeably off.
pub fn skew_notice() -> Option<String> {
    OFFSET.with(Cell::get).notice()
}
