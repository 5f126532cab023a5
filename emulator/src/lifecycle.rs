//! The lifecycle of one image cache, driven by the emulator's clock.
//!
//! Creating or updating a cache plans a job: its events, each visible from a given time,
//! and its outcome at its end time. Reads compute the status and progress from the clock,
//! and [`CacheRecord::settle`] applies the outcome once the end time has passed, so the same
//! clock readings always give the same responses.
//!
//! In a create job of duration D, the first 20% is `Preparing`. Then comes `Creating`, with
//! each image pulled in an equal slot of the next 60% and the snapshot taken in the last 20%.
//! `Progress` rises from `0%` at 0.2·D to `100%` at D. An update job runs `Updating` for
//! its own duration and pulls the new image list the same way when it changed.

use eci_core::api::types::{CacheStatus, Event, ImageCache};

use crate::clock::{format_utc, DAY_MS};
use crate::ids;
use crate::spec::{CacheChanges, CacheSpec};

/// Share of a create job spent in `Preparing`, in percent.
const PREPARING_PERCENT: i64 = 20;
/// Share of a job spent pulling images, in percent; the rest takes the snapshot.
const PULLING_PERCENT: i64 = 60;
/// Pull attempts reported by the `Count` of an `ImagePullFailed` event.
const PULL_ATTEMPTS: i64 = 3;
/// How long the service keeps a cache whose creation failed.
const FAILED_RETENTION_MS: i64 = DAY_MS;

/// Returns why `image` cannot be pulled, or `None` when it can. An image fails when its
/// repository path (the reference without registry host, tag and digest) contains
/// `notfound`, or when its registry host is `unreachable.example.com`.
pub fn pull_failure(image: &str) -> Option<String> {
    let without_digest = image.split('@').next().unwrap_or(image);
    let (host, path) = split_registry_host(without_digest);
    let repository = match path.rsplit_once('/') {
        Some((namespace, last)) => format!("{namespace}/{}", strip_tag(last)),
        None => strip_tag(path).to_string(),
    };
    let host_name = host.map(|host| host.split(':').next().unwrap_or(host));
    if host_name == Some("unreachable.example.com") {
        return Some(format!(
            "Failed to pull image \"{image}\": dial tcp: lookup unreachable.example.com: no such host"
        ));
    }
    if repository.contains("notfound") {
        return Some(format!(
            "Failed to pull image \"{image}\": repository {repository} not found: does not exist \
             or no pull access"
        ));
    }
    None
}

/// Splits the registry host off an image reference the way Docker does: the first path
/// component is a host only if it contains `.` or `:` or is `localhost`.
fn split_registry_host(reference: &str) -> (Option<&str>, &str) {
    match reference.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (Some(first), rest)
        }
        _ => (None, reference),
    }
}

fn strip_tag(component: &str) -> &str {
    component.split(':').next().unwrap_or(component)
}

/// An event and the time from which reads show it.
#[derive(Clone, Debug)]
pub struct TimedEvent {
    pub visible_from_ms: i64,
    pub event: Event,
}

/// A create or update that is still running.
#[derive(Clone, Debug)]
pub struct Job {
    pub kind: JobKind,
    /// When the outcome is applied.
    pub end_ms: i64,
    /// When `Preparing` ends and progress starts; the job's start for updates.
    pub progress_start_ms: i64,
    /// When progress would reach 100%; later than `end_ms` for a job that fails.
    pub progress_end_ms: i64,
    /// Whether the job ends in failure at `end_ms`.
    pub fails: bool,
    /// The snapshot a successful job produces; `None` when an update keeps the old one.
    pub new_snapshot_id: Option<String>,
}

#[derive(Clone, Debug)]
pub enum JobKind {
    Create,
    Update(Box<CacheChanges>),
}

/// An image cache as the emulator stores it.
#[derive(Clone, Debug)]
pub struct CacheRecord {
    pub id: String,
    pub region_id: String,
    pub container_group_id: String,
    pub spec: CacheSpec,
    pub created_ms: i64,
    /// Status once the running job, if any, has ended.
    pub settled_status: CacheStatus,
    /// Progress in percent once the running job, if any, has ended.
    pub settled_progress: i64,
    pub snapshot_id: String,
    pub flash_snapshot_id: String,
    pub expire_ms: Option<i64>,
    /// When a DescribeImageCaches lookup with `MatchImage` last matched the cache.
    pub last_matched_ms: Option<i64>,
    pub events: Vec<TimedEvent>,
    pub job: Option<Job>,
}

impl CacheRecord {
    /// Creates a cache whose build starts at `now_ms` and takes `duration_ms`.
    pub fn create(region_id: &str, spec: CacheSpec, now_ms: i64, duration_ms: i64) -> Self {
        let mut record = Self {
            id: ids::image_cache_id(),
            region_id: region_id.to_string(),
            container_group_id: ids::container_group_id(),
            spec,
            created_ms: now_ms,
            settled_status: CacheStatus::Preparing,
            settled_progress: 0,
            snapshot_id: String::new(),
            flash_snapshot_id: String::new(),
            expire_ms: None,
            last_matched_ms: None,
            events: Vec::new(),
            job: None,
        };
        record.expire_ms = record.retention_expiry();
        let message = format!(
            "Created the temporary instance {} to build the image cache.",
            record.container_group_id
        );
        // NOTE: the reasons of real image-cache events (`Created`, `Pulling`, `Pulled`,
        // `ImagePullFailed`, `SnapshotCreated`, `Updating`, `Updated`) are unconfirmed; these
        // follow the Kubernetes kubelet's naming.
        record.push_event(now_ms, "Normal", "Created", message);
        let progress_start_ms = now_ms + duration_ms * PREPARING_PERCENT / 100;
        let images = record.spec.images.clone();
        let end_ms = now_ms + duration_ms;
        let job = record.plan_job(JobKind::Create, &images, progress_start_ms, end_ms);
        record.job = Some(job);
        record
    }

    /// Starts an update at `now_ms` that takes `duration_ms`. The caller has checked that
    /// the cache is `Ready` or `UpdateFailed`.
    pub fn start_update(&mut self, changes: CacheChanges, now_ms: i64, duration_ms: i64) {
        self.push_event(
            now_ms,
            "Normal",
            "Updating",
            "Started updating the image cache.".into(),
        );
        let new_images = changes
            .images
            .clone()
            .filter(|images| *images != self.spec.images);
        let images = new_images.unwrap_or_default();
        let kind = JobKind::Update(Box::new(changes));
        let job = self.plan_job(kind, &images, now_ms, now_ms + duration_ms);
        self.job = Some(job);
    }

    /// Plans the pulls of `images` and the outcome of a job. An unpullable image ends the
    /// job with a `Warning` event at the end of its pull slot.
    fn plan_job(
        &mut self,
        kind: JobKind,
        images: &[String],
        progress_start_ms: i64,
        end_ms: i64,
    ) -> Job {
        let span_ms = end_ms - progress_start_ms;
        let pull_ms = span_ms * PULLING_PERCENT / (100 - PREPARING_PERCENT);
        let slot_ms = pull_ms / (images.len().max(1) as i64);
        for (index, image) in images.iter().enumerate() {
            let slot_start = progress_start_ms + slot_ms * index as i64;
            let slot_end = slot_start + slot_ms;
            self.push_event(
                slot_start,
                "Normal",
                "Pulling",
                format!("Pulling image \"{image}\"."),
            );
            if let Some(message) = pull_failure(image) {
                self.push_failure_event(slot_start, slot_end, message);
                return Job {
                    kind,
                    end_ms: slot_end,
                    progress_start_ms,
                    progress_end_ms: end_ms,
                    fails: true,
                    new_snapshot_id: None,
                };
            }
            let pulled = format!("Successfully pulled image \"{image}\".");
            self.push_event(slot_end, "Normal", "Pulled", pulled);
        }

        let new_snapshot_id = match (&kind, images.is_empty()) {
            (JobKind::Update(_), true) => {
                self.push_event(
                    end_ms,
                    "Normal",
                    "Updated",
                    "Updated the image cache.".into(),
                );
                None
            }
            _ => {
                let snapshot_id = ids::snapshot_id();
                let message = format!("Created snapshot {snapshot_id} from the pulled images.");
                self.push_event(end_ms, "Normal", "SnapshotCreated", message);
                Some(snapshot_id)
            }
        };
        Job {
            kind,
            end_ms,
            progress_start_ms,
            progress_end_ms: end_ms,
            fails: false,
            new_snapshot_id,
        }
    }

    fn push_event(&mut self, at_ms: i64, event_type: &str, reason: &str, message: String) {
        let timestamp = format_utc(at_ms);
        let event = Event {
            count: Some(1),
            name: format!("{}.{}", self.spec.name, ids::event_suffix()),
            event_type: event_type.to_string(),
            reason: reason.to_string(),
            message,
            first_timestamp: timestamp.clone(),
            last_timestamp: timestamp,
        };
        self.events.push(TimedEvent {
            visible_from_ms: at_ms,
            event,
        });
    }

    /// Adds the `ImagePullFailed` warning: retried pulls from the first attempt a third of
    /// the way into the slot until the slot ends, shown once the last attempt failed.
    fn push_failure_event(&mut self, slot_start_ms: i64, slot_end_ms: i64, message: String) {
        let first_ms = slot_start_ms + (slot_end_ms - slot_start_ms) / 3;
        let event = Event {
            count: Some(PULL_ATTEMPTS),
            name: format!("{}.{}", self.spec.name, ids::event_suffix()),
            event_type: "Warning".to_string(),
            reason: "ImagePullFailed".to_string(),
            message,
            first_timestamp: format_utc(first_ms),
            last_timestamp: format_utc(slot_end_ms),
        };
        self.events.push(TimedEvent {
            visible_from_ms: slot_end_ms,
            event,
        });
    }

    fn retention_expiry(&self) -> Option<i64> {
        self.spec
            .retention_days
            .map(|days| self.created_ms + days * DAY_MS)
    }

    /// Applies the outcome of a job whose end time has passed.
    pub fn settle(&mut self, now_ms: i64) {
        let Some(job) = self.job.take_if(|job| now_ms >= job.end_ms) else {
            return;
        };
        match (job.kind, job.fails) {
            (JobKind::Create, false) => {
                self.settled_status = CacheStatus::Ready;
                self.settled_progress = 100;
            }
            (JobKind::Create, true) => {
                self.settled_status = CacheStatus::Failed;
                self.settled_progress =
                    progress_percent(job.progress_start_ms, job.progress_end_ms, job.end_ms);
                self.expire_ms = Some(job.end_ms + FAILED_RETENTION_MS);
                return;
            }
            (JobKind::Update(changes), false) => {
                changes.apply(&mut self.spec);
                self.expire_ms = self.retention_expiry();
                self.settled_status = CacheStatus::Ready;
            }
            (JobKind::Update(_), true) => {
                self.settled_status = CacheStatus::UpdateFailed;
                return;
            }
        }
        if let Some(snapshot_id) = job.new_snapshot_id {
            self.snapshot_id = snapshot_id;
            self.flash_snapshot_id = if self.spec.flash {
                ids::snapshot_id()
            } else {
                String::new()
            };
        }
    }

    /// Returns whether the cache has passed its expiry time and is gone.
    pub fn is_expired(&self, now_ms: i64) -> bool {
        self.expire_ms.is_some_and(|expire_ms| now_ms >= expire_ms)
    }

    /// Returns the status at `now_ms` (after [`CacheRecord::settle`]).
    pub fn status(&self, now_ms: i64) -> CacheStatus {
        match &self.job {
            None => self.settled_status.clone(),
            Some(job) => match job.kind {
                JobKind::Create if now_ms < job.progress_start_ms => CacheStatus::Preparing,
                JobKind::Create => CacheStatus::Creating,
                JobKind::Update(_) => CacheStatus::Updating,
            },
        }
    }

    /// Returns the cache as DescribeImageCaches shows it at `now_ms`.
    pub fn view(&self, now_ms: i64) -> ImageCache {
        let progress = match &self.job {
            None => self.settled_progress,
            // A running job shows at most 99% until its outcome is applied.
            Some(job) => {
                progress_percent(job.progress_start_ms, job.progress_end_ms, now_ms).min(99)
            }
        };
        let events = self
            .events
            .iter()
            .filter(|timed| timed.visible_from_ms <= now_ms)
            .map(|timed| timed.event.clone())
            .collect();
        ImageCache {
            image_cache_id: self.id.clone(),
            image_cache_name: self.spec.name.clone(),
            image_cache_size: Some(self.spec.size_gib),
            status: self.status(now_ms).as_str().to_string(),
            progress: format!("{progress}%"),
            images: self.spec.images.clone(),
            events,
            creation_time: format_utc(self.created_ms),
            expire_date_time: self.expire_ms.map(format_utc).unwrap_or_default(),
            last_matched_time: self.last_matched_ms.map(format_utc).unwrap_or_default(),
            snapshot_id: self.snapshot_id.clone(),
            flash_snapshot_id: self.flash_snapshot_id.clone(),
            container_group_id: self.container_group_id.clone(),
            elimination_strategy: self.spec.elimination_strategy.clone(),
            region_id: self.region_id.clone(),
            resource_group_id: self.spec.resource_group_id.clone(),
            tags: self.spec.tags.clone(),
        }
    }
}

/// Percent of the way from `start_ms` to `end_ms` at `now_ms`, rounded down into `0..=100`.
fn progress_percent(start_ms: i64, end_ms: i64, now_ms: i64) -> i64 {
    if end_ms <= start_ms {
        return if now_ms >= end_ms { 100 } else { 0 };
    }
    ((now_ms - start_ms) * 100 / (end_ms - start_ms)).clamp(0, 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(images: &[&str]) -> CacheSpec {
        CacheSpec {
            name: "web".into(),
            images: images.iter().map(|image| image.to_string()).collect(),
            size_gib: 20,
            ..Default::default()
        }
    }

    fn reasons(record: &CacheRecord, now_ms: i64) -> Vec<String> {
        record
            .view(now_ms)
            .events
            .into_iter()
            .map(|event| event.reason)
            .collect()
    }

    #[test]
    fn pull_failure_rules() {
        assert!(pull_failure("registry.example.com/team/notfound-app:1").is_some());
        assert!(pull_failure("notfound:1").is_some());
        assert!(pull_failure("unreachable.example.com/app:1").is_some());
        assert!(pull_failure("unreachable.example.com:5000/app:1").is_some());
        assert!(
            pull_failure("notfound.example.com/app:1").is_none(),
            "host is not the path"
        );
        assert!(
            pull_failure("nginx:notfound").is_none(),
            "tag is not the path"
        );
        assert!(pull_failure("registry.example.com/app:1").is_none());
    }

    #[test]
    fn create_timeline() {
        let mut record = CacheRecord::create("cn-hangzhou", spec(&["a:1", "b:1"]), 0, 10_000);
        assert_eq!(record.status(1_999), CacheStatus::Preparing);
        assert_eq!(record.view(1_999).progress, "0%");
        assert_eq!(reasons(&record, 1_999), ["Created"]);

        assert_eq!(record.status(2_000), CacheStatus::Creating);
        assert_eq!(record.view(6_000).progress, "50%");
        assert_eq!(
            reasons(&record, 5_000),
            ["Created", "Pulling", "Pulled", "Pulling"]
        );
        assert_eq!(record.view(9_999).progress, "99%");

        record.settle(10_000);
        assert_eq!(record.status(10_000), CacheStatus::Ready);
        let view = record.view(10_000);
        assert_eq!(view.progress, "100%");
        assert!(view.snapshot_id.starts_with("s-"), "{}", view.snapshot_id);
        assert_eq!(view.events.last().unwrap().reason, "SnapshotCreated");
    }

    #[test]
    fn failing_image_ends_failed() {
        let mut record =
            CacheRecord::create("cn-hangzhou", spec(&["a:1", "ns/notfound:1"]), 0, 10_000);
        record.settle(4_999);
        assert_eq!(record.status(4_999), CacheStatus::Creating);
        record.settle(8_000);
        assert_eq!(record.status(8_000), CacheStatus::Failed);
        let view = record.view(8_000);
        assert_eq!(view.progress, "75%");
        assert_eq!(view.snapshot_id, "");
        let warning = view.events.last().unwrap();
        assert_eq!(warning.event_type, "Warning");
        assert_eq!(warning.reason, "ImagePullFailed");
        assert_eq!(warning.count, Some(3));
        assert!(
            warning.message.contains("ns/notfound:1"),
            "{}",
            warning.message
        );
        assert_eq!(view.expire_date_time, format_utc(8_000 + DAY_MS));
    }

    #[test]
    fn update_applies_changes_at_end() {
        let mut record = CacheRecord::create("cn-hangzhou", spec(&["a:1"]), 0, 1_000);
        record.settle(1_000);
        let old_snapshot = record.snapshot_id.clone();
        let changes = CacheChanges {
            size_gib: Some(40),
            ..Default::default()
        };
        record.start_update(changes, 2_000, 2_000);
        assert_eq!(record.status(3_000), CacheStatus::Updating);
        assert_eq!(record.view(3_000).image_cache_size, Some(20));
        record.settle(4_000);
        assert_eq!(record.status(4_000), CacheStatus::Ready);
        assert_eq!(record.view(4_000).image_cache_size, Some(40));
        assert_eq!(
            record.snapshot_id, old_snapshot,
            "same images keep the snapshot"
        );
    }

    #[test]
    fn update_with_failing_image_ends_update_failed() {
        let mut record = CacheRecord::create("cn-hangzhou", spec(&["a:1"]), 0, 1_000);
        record.settle(1_000);
        let images = vec!["unreachable.example.com/app:1".to_string()];
        let changes = CacheChanges {
            images: Some(images),
            ..Default::default()
        };
        record.start_update(changes, 2_000, 2_000);
        record.settle(10_000);
        assert_eq!(record.status(10_000), CacheStatus::UpdateFailed);
        assert_eq!(
            record.spec.images,
            vec!["a:1".to_string()],
            "failed update keeps images"
        );
    }
}
