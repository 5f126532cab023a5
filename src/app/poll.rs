//! Reactive polling: a loop that repeats a request with backoff while its result calls for
//! more, and the hook that polls one image cache with it.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use eci_core::api::{ApiError, CacheStatus, ImageCache};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{use_app_state, AppState};
use eci_core::poll::{
    next_step, next_step_after_update, PollSchedule, PollStep, NOT_VISIBLE_GRACE_MS,
    UPDATE_START_GRACE_MS,
};

use crate::caches;
use crate::client::now_ms;

/// The progress of a poll of one cache, for the page to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollState {
    /// No result yet.
    Loading,
    /// The service does not list the cache yet, within the grace period after the first
    /// request.
    NotVisibleYet,
    /// Preparing, Creating or Updating.
    Pending,
    /// Ready, Failed, UpdateFailed or a status this console does not know.
    Settled,
    /// The service still does not list the cache after the grace period.
    NotFound,
    /// A request failed or could not be sent; the reason is shown apart.
    Failed,
}

impl PollState {
    /// Whether another request should follow.
    pub fn keeps_polling(&self) -> bool {
        matches!(self, Self::Loading | Self::NotVisibleYet | Self::Pending)
    }
}

/// Runs one polling loop at a time for the component that created it.
///
/// Starting a new loop retires the previous one, and so does cleaning up the component.
/// A retired loop sends no further request and never applies the result of a request that
/// was in flight, so a page that was left does not update signals that no longer exist.
#[derive(Clone)]
pub struct Poller {
    generation: Arc<AtomicU64>,
    /// Whether a loop is between its first request and its last result.
    pub active: RwSignal<bool>,
}

/// Creates a [`Poller`] whose loop stops when the current component is cleaned up.
pub fn use_poller() -> Poller {
    let generation = Arc::new(AtomicU64::new(0));
    let retire_on_cleanup = Arc::clone(&generation);
    on_cleanup(move || {
        retire_on_cleanup.fetch_add(1, Ordering::SeqCst);
    });
    Poller {
        generation,
        active: RwSignal::new(false),
    }
}

impl Poller {
    /// Starts a loop that runs `fetch` and passes its result to `apply`. While `apply`
    /// returns true, it waits the delay of [`PollSchedule`] (1 s, doubling up to 8 s) and
    /// repeats.
    pub fn start<T, F, Fut, A>(&self, mut fetch: F, mut apply: A)
    where
        T: 'static,
        F: FnMut() -> Fut + 'static,
        Fut: Future<Output = T> + 'static,
        A: FnMut(T) -> bool + 'static,
    {
        let generation = Arc::clone(&self.generation);
        let current = generation.fetch_add(1, Ordering::SeqCst) + 1;
        let is_current = move || generation.load(Ordering::SeqCst) == current;
        let active = self.active;
        active.set(true);
        spawn_local(async move {
            let schedule = PollSchedule::default();
            let mut poll = 0;
            loop {
                let result = fetch().await;
                if !is_current() {
                    return;
                }
                if !apply(result) {
                    break;
                }
                poll += 1;
                let delay_ms = u32::try_from(schedule.delay_ms(poll)).unwrap_or(u32::MAX);
                TimeoutFuture::new(delay_ms).await;
                if !is_current() {
                    return;
                }
            }
            active.set(false);
        });
    }

    /// Retires the running loop, if any.
    pub fn stop(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.active.set(false);
    }
}

/// The state of one polled cache, as [`use_cache_poll`] returns it.
#[derive(Clone)]
pub struct CachePoll {
    /// The cache as last described; `None` until the service lists it.
    pub cache: RwSignal<Option<ImageCache>>,
    pub state: RwSignal<PollState>,
    pub error: RwSignal<Option<ApiError>>,
    /// A settings problem that kept the request from being sent.
    pub notice: RwSignal<Option<String>>,
    poller: Poller,
    image_cache_id: Signal<String>,
    app: AppState,
}

/// Polls DescribeImageCaches for `image_cache_id` while the cache is pending or not yet
/// visible, and restarts whenever the id changes. After an update sent from this tab, it
/// also polls until `Updating` shows or a grace period passes. Every description also
/// updates the cache's row in the shared list, and adds the row when the list lacks it.
pub fn use_cache_poll(image_cache_id: Signal<String>) -> CachePoll {
    let state = use_app_state();
    let initial = image_cache_id.with_untracked(|id| {
        state
            .caches
            .rows
            .with_untracked(|rows| rows.iter().find(|row| &row.image_cache_id == id).cloned())
    });
    let poll = CachePoll {
        cache: RwSignal::new(initial),
        state: RwSignal::new(PollState::Loading),
        error: RwSignal::new(None),
        notice: RwSignal::new(None),
        poller: use_poller(),
        image_cache_id,
        app: state,
    };
    let restart = poll.clone();
    Effect::new(move |_| {
        image_cache_id.track();
        restart.refresh();
    });
    poll
}

impl CachePoll {
    /// Returns whether a request is due or in flight.
    pub fn is_polling(&self) -> bool {
        self.poller.active.get()
    }

    /// Describes the cache again now, with the backoff starting over.
    pub fn refresh(&self) {
        let app = self.app;
        let id = self.image_cache_id.get_untracked();
        self.error.set(None);
        self.notice.set(None);
        let client = match app.client() {
            Ok(client) => client,
            Err(problem) => {
                self.poller.stop();
                self.notice.set(Some(problem));
                self.state.set(PollState::Failed);
                return;
            }
        };
        self.state.set(PollState::Loading);

        let started_ms = now_ms();
        // Only an update sent shortly before this poll starts can still be on its way.
        let updated_at_ms = app
            .sent
            .updated_at_ms
            .with_untracked(|sent| sent.get(&id).copied())
            .filter(|sent_ms| started_ms - sent_ms < UPDATE_START_GRACE_MS as f64);
        let mut saw_updating = false;
        // Only a cache this tab created may be missing from the list for a while, so an
        // id typed in to import is not found at once when the service does not know it.
        let created_here = app
            .sent
            .values
            .with_untracked(|sent| sent.contains_key(&id));
        let grace_start_ms = if created_here {
            started_ms
        } else {
            started_ms - NOT_VISIBLE_GRACE_MS as f64
        };

        let fetch = {
            let id = id.clone();
            move || {
                let client = client.clone();
                let id = id.clone();
                async move { client.describe_one(&id).await }
            }
        };

        let (cache, state, error, rows) = (self.cache, self.state, self.error, app.caches.rows);
        let apply = move |result: Result<Option<ImageCache>, ApiError>| match result {
            Ok(found) => {
                let step = match updated_at_ms {
                    Some(sent_ms) => {
                        saw_updating |= found
                            .as_ref()
                            .is_some_and(|found| found.status() == CacheStatus::Updating);
                        let elapsed_ms = (now_ms() - sent_ms).max(0.0) as u64;
                        next_step_after_update(found, elapsed_ms, saw_updating)
                    }
                    None => next_step(found, (now_ms() - grace_start_ms).max(0.0) as u64),
                };
                let next = record_step(step, cache, rows, &id);
                let keeps_polling = next.keeps_polling();
                state.set(next);
                keeps_polling
            }
            Err(failure) => {
                error.set(Some(failure));
                state.set(PollState::Failed);
                false
            }
        };
        self.poller.start(fetch, apply);
    }
}

/// Stores what one poll found in the page's cache and the shared list, and returns the
/// state the page shows for it.
fn record_step(
    step: PollStep,
    cache: RwSignal<Option<ImageCache>>,
    rows: RwSignal<Vec<ImageCache>>,
    image_cache_id: &str,
) -> PollState {
    match step {
        PollStep::Pending(found) => {
            rows.update(|rows| caches::upsert(rows, found.clone()));
            cache.set(Some(found));
            PollState::Pending
        }
        PollStep::Settled(found) => {
            rows.update(|rows| caches::upsert(rows, found.clone()));
            cache.set(Some(found));
            PollState::Settled
        }
        PollStep::NotVisibleYet => PollState::NotVisibleYet,
        PollStep::Gone => {
            rows.update(|rows| caches::remove(rows, image_cache_id));
            cache.set(None);
            PollState::NotFound
        }
    }
}
