//! The record of the console's recent requests, for the request log, and the listeners that
//! the UI registers to redraw when a request changes or the clock offset does.
//!
//! Records hold no secret: the curl command of each is redacted before it is stored.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Requests the log keeps; older ones are dropped.
pub const MAX_LOG_ENTRIES: usize = 50;

/// One call of an API action, with all its attempts.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRecord {
    /// Identifier of the record within this tab, increasing.
    pub id: u64,
    pub action: String,
    /// Local time of the first attempt, in Unix milliseconds.
    pub started_at_ms: f64,
    /// Attempts sent so far, retries and the re-sign after clock skew included.
    pub attempts: u32,
    /// HTTP status of the latest attempt; `None` until one arrives or when it got none.
    pub http_status: Option<u16>,
    /// Request id of the latest attempt, empty when the reply carried none.
    pub request_id: String,
    /// Result of the latest attempt in a few words: `OK`, an error code, `no response`.
    pub outcome: String,
    /// Whether the call has ended, successfully or not.
    pub finished: bool,
    /// `curl` command of the latest attempt, with signature inputs redacted.
    pub curl: String,
}

/// The result of one attempt, as the log shows it.
pub struct AttemptSummary {
    pub http_status: Option<u16>,
    pub request_id: String,
    pub outcome: String,
    pub curl: String,
}

type Listener = Rc<dyn Fn()>;

#[derive(Default)]
struct Activity {
    records: VecDeque<RequestRecord>,
    next_record_id: u64,
    listeners: Vec<(u64, Listener)>,
    next_listener_id: u64,
}

thread_local! {
    static ACTIVITY: RefCell<Activity> = RefCell::new(Activity::default());
}

/// Adds a record for a call of `action` that starts now and returns its id.
pub fn start(action: &str, started_at_ms: f64) -> u64 {
    let id = ACTIVITY.with(|activity| {
        let mut activity = activity.borrow_mut();
        activity.next_record_id += 1;
        let id = activity.next_record_id;
        activity.records.push_front(RequestRecord {
            id,
            action: action.to_string(),
            started_at_ms,
            attempts: 0,
            http_status: None,
            request_id: String::new(),
            outcome: "sending".to_string(),
            finished: false,
            curl: String::new(),
        });
        activity.records.truncate(MAX_LOG_ENTRIES);
        id
    });
    notify();
    id
}

/// Stores the result of attempt number `attempt` of record `id`. A record already dropped
/// from the log is left alone.
pub fn record_attempt(id: u64, attempt: u32, summary: AttemptSummary) {
    update(id, |record| {
        record.attempts = attempt;
        record.http_status = summary.http_status;
        record.request_id = summary.request_id;
        record.outcome = summary.outcome;
        record.curl = summary.curl;
    });
}

/// Marks record `id` as ended.
pub fn finish(id: u64) {
    update(id, |record| record.finished = true);
}

fn update(id: u64, change: impl FnOnce(&mut RequestRecord)) {
    let found = ACTIVITY.with(|activity| {
        let mut activity = activity.borrow_mut();
        let record = activity.records.iter_mut().find(|record| record.id == id);
        record.map(change).is_some()
    });
    if found {
        notify();
    }
}

/// Returns the records, newest first.
pub fn request_log() -> Vec<RequestRecord> {
    ACTIVITY.with(|activity| activity.borrow().records.iter().cloned().collect())
}

/// Calls `listener` after every change of the log or of the clock offset, until
/// [`unsubscribe`] with the returned id.
pub fn subscribe(listener: impl Fn() + 'static) -> u64 {
    ACTIVITY.with(|activity| {
        let mut activity = activity.borrow_mut();
        activity.next_listener_id += 1;
        let id = activity.next_listener_id;
        activity.listeners.push((id, Rc::new(listener)));
        id
    })
}

pub fn unsubscribe(listener_id: u64) {
    ACTIVITY.with(|activity| {
        let mut activity = activity.borrow_mut();
        activity.listeners.retain(|(id, _)| *id != listener_id);
    });
}

/// Calls every listener. They run after the borrow ends, so a listener may read the log.
pub fn notify() {
    let listeners: Vec<Listener> = ACTIVITY.with(|activity| {
        let activity = activity.borrow();
        activity
            .listeners
            .iter()
            .map(|(_, listener)| Rc::clone(listener))
            .collect()
    });
    for listener in listeners {
        listener();
    }
}
