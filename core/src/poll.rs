//! The schedule of polling a cache after a create or an update, until it settles.
//!
//! CreateImageCache returns before the cache is visible, so an empty DescribeImageCaches
//! result in the first seconds means "not visible yet", not "gone".

use crate::api::{CacheStatus, ImageCache};

/// How long an empty result counts as "not visible yet" after the request, in ms.
pub const NOT_VISIBLE_GRACE_MS: u64 = 30_000;

/// Delays between polls, in ms: the first quickly, then doubling up to the maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollSchedule {
    pub first_delay_ms: u64,
    pub max_delay_ms: u64,
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self {
            first_delay_ms: 1_000,
            max_delay_ms: 8_000,
        }
    }
}

impl PollSchedule {
    /// Delay before poll number `poll` (1-based).
    pub fn delay_ms(&self, poll: u32) -> u64 {
        let exponent = poll.saturating_sub(1).min(16);
        self.first_delay_ms
            .saturating_mul(1 << exponent)
            .min(self.max_delay_ms)
    }
}

/// The outcome of one poll and the poller's next step.
#[derive(Clone, Debug, PartialEq)]
pub enum PollStep {
    /// The service is still working on the cache: poll again.
    Pending(ImageCache),
    /// The cache reached a status that does not change by itself: stop.
    Settled(ImageCache),
    /// Nothing yet, within the grace period after the request: poll again.
    NotVisibleYet,
    /// Nothing, after the grace period: the cache is gone (deleted, or a failed cache that
    /// the service removed after its one-day retention).
    Gone,
}

/// Decides the next step from a DescribeImageCaches-by-id result, `elapsed_ms` after the
/// create or update request.
pub fn next_step(found: Option<ImageCache>, elapsed_ms: u64) -> PollStep {
    match found {
        Some(cache) if cache.status().is_pending() => PollStep::Pending(cache),
        Some(cache) => PollStep::Settled(cache),
        None if elapsed_ms < NOT_VISIBLE_GRACE_MS => PollStep::NotVisibleYet,
        None => PollStep::Gone,
    }
}

/// How long after an UpdateImageCache request a `Ready` or `UpdateFailed` result counts as
/// the status from before the update, in ms, while no `Updating` has been seen.
// NOTE: how soon the service reports `Updating` after UpdateImageCache returns is not
// documented; 10 s of further polling costs a few requests when it is at once.
pub const UPDATE_START_GRACE_MS: u64 = 10_000;

/// Decides the next step after an UpdateImageCache request, `elapsed_ms` after it was sent.
/// Until a poll has seen `Updating` (`saw_updating`), a cache still in an updatable status
/// may not have started the update yet, so polling goes on for [`UPDATE_START_GRACE_MS`].
/// Otherwise the rules of [`next_step`] apply.
pub fn next_step_after_update(
    found: Option<ImageCache>,
    elapsed_ms: u64,
    saw_updating: bool,
) -> PollStep {
    match found {
        Some(cache)
            if !saw_updating
                && cache.status().allows_update()
                && elapsed_ms < UPDATE_START_GRACE_MS =>
        {
            PollStep::Pending(cache)
        }
        found => next_step(found, elapsed_ms),
    }
}

/// Returns whether a settled cache ended well (`Ready`); `Failed` and `UpdateFailed` did not, and
/// an unknown status is reported as it is.
pub fn settled_ok(cache: &ImageCache) -> bool {
    cache.status() == CacheStatus::Ready
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_status(status: &str) -> ImageCache {
        ImageCache {
            image_cache_id: "imc-1".into(),
            status: status.into(),
            ..ImageCache::default()
        }
    }

    #[test]
    fn schedule_doubles_to_cap() {
        let schedule = PollSchedule::default();
        let delays: Vec<u64> = (1..=6).map(|poll| schedule.delay_ms(poll)).collect();
        assert_eq!(delays, [1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    }

    #[test]
    fn pending_statuses_keep_polling() {
        for status in ["Preparing", "Creating", "Updating"] {
            assert_eq!(
                next_step(Some(with_status(status)), 0),
                PollStep::Pending(with_status(status))
            );
        }
    }

    #[test]
    fn final_and_unknown_statuses_stop() {
        for status in ["Ready", "Failed", "UpdateFailed", "Deleting"] {
            assert_eq!(
                next_step(Some(with_status(status)), 0),
                PollStep::Settled(with_status(status))
            );
        }
        assert!(settled_ok(&with_status("Ready")));
        assert!(!settled_ok(&with_status("Failed")));
    }

    #[test]
    fn update_waits_for_updating_to_show() {
        assert_eq!(
            next_step_after_update(Some(with_status("Ready")), 2_000, false),
            PollStep::Pending(with_status("Ready"))
        );
        assert_eq!(
            next_step_after_update(Some(with_status("UpdateFailed")), 2_000, false),
            PollStep::Pending(with_status("UpdateFailed"))
        );
        assert_eq!(
            next_step_after_update(Some(with_status("Updating")), 2_000, false),
            PollStep::Pending(with_status("Updating"))
        );
    }

    #[test]
    fn update_settles_after_updating_or_grace() {
        assert_eq!(
            next_step_after_update(Some(with_status("Ready")), 2_000, true),
            PollStep::Settled(with_status("Ready"))
        );
        assert_eq!(
            next_step_after_update(Some(with_status("Ready")), UPDATE_START_GRACE_MS, false),
            PollStep::Settled(with_status("Ready"))
        );
        assert_eq!(
            next_step_after_update(Some(with_status("UpdateFailed")), 3_000, true),
            PollStep::Settled(with_status("UpdateFailed"))
        );
        assert_eq!(
            next_step_after_update(None, 3_000, true),
            PollStep::NotVisibleYet
        );
    }

    #[test]
    fn empty_result_is_not_visible_then_gone() {
        assert_eq!(next_step(None, 2_000), PollStep::NotVisibleYet);
        assert_eq!(next_step(None, NOT_VISIBLE_GRACE_MS), PollStep::Gone);
    }
}
