//! Client-side view of the cache list: merging pages, server-side filters, quick search,
//! the status filter, sorting and counts.

use std::cmp::Ordering;

use crate::api::{DescribeFilter, ImageCache};

/// The statuses DescribeImageCaches documents, in the order a cache passes through them.
pub const DOCUMENTED_STATUSES: [&str; 6] = [
    "Preparing",
    "Creating",
    "Ready",
    "Failed",
    "Updating",
    "UpdateFailed",
];

/// The filters of the list that DescribeImageCaches applies on the server, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// One or more cache ids, separated by commas or whitespace.
    pub ids: String,
    pub name: String,
    pub image: String,
}

impl ListFilter {
    /// Returns whether no filter is set, so that the list shows every cache of the region.
    pub fn is_empty(&self) -> bool {
        self.describe_filter() == DescribeFilter::default()
    }

    /// Returns the DescribeImageCaches filter: ids cleaned by [`parse_id_list`] and joined
    /// with commas, the name and image trimmed.
    // NOTE: the SDK declares `ImageCacheId` as one string and the documentation says "IDs";
    // whether the service accepts a comma-separated list is unconfirmed.
    pub fn describe_filter(&self) -> DescribeFilter {
        DescribeFilter {
            image_cache_id: parse_id_list(&self.ids).join(","),
            image_cache_name: self.name.trim().to_string(),
            image: self.image.trim().to_string(),
            ..DescribeFilter::default()
        }
    }
}

/// Splits typed cache ids at commas and whitespace, dropping empty entries and repeats, so
/// that `" imc-1, ,imc-2 imc-1"` is `["imc-1", "imc-2"]`. An empty entry sent to the service
/// is not a filter, and a tool that sent one crashed on it.
pub fn parse_id_list(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in text.split(|c: char| c == ',' || c.is_whitespace()) {
        if !id.is_empty() && !ids.iter().any(|seen| seen == id) {
            ids.push(id.to_string());
        }
    }
    ids
}

/// Returns the images of a cache as a set: trimmed, without blanks, sorted and without
/// repeats. The console shows and compares images this way, because their order means
/// nothing to the service.
pub fn image_set<S: AsRef<str>>(images: &[S]) -> Vec<String> {
    let mut set: Vec<String> = images
        .iter()
        .map(|image| image.as_ref().trim().to_string())
        .filter(|image| !image.is_empty())
        .collect();
    set.sort();
    set.dedup();
    set
}

/// Returns whether a cache has `status`. An empty `status` matches every cache.
pub fn matches_status(cache: &ImageCache, status: &str) -> bool {
    status.is_empty() || cache.status == status
}

/// Column the list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Id,
    Status,
    /// The build progress as a number, so `9%` sorts before `10%`.
    Progress,
    Size,
    /// The sorted images, compared as text.
    Images,
    CreationTime,
}

/// Merges pages into one row per cache id, keeping the first occurrence and dropping
/// entries with an empty id (a page boundary can repeat a cache that changed meanwhile).
pub fn merge_pages(pages: impl IntoIterator<Item = Vec<ImageCache>>) -> Vec<ImageCache> {
    let mut merged: Vec<ImageCache> = Vec::new();
    for cache in pages.into_iter().flatten() {
        let id = cache.image_cache_id.trim();
        if id.is_empty() || merged.iter().any(|seen| seen.image_cache_id == id) {
            continue;
        }
        merged.push(cache);
    }
    merged
}

/// Whether a cache matches a quick-search query: every whitespace-separated word must
/// appear, case-insensitively, in the name, id, status or one of the images.
pub fn matches_search(cache: &ImageCache, query: &str) -> bool {
    let haystack = format!(
        "{} {} {} {}",
        cache.image_cache_name,
        cache.image_cache_id,
        cache.status,
        cache.images.join(" ")
    )
    .to_lowercase();
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

fn compare(left: &ImageCache, right: &ImageCache, column: SortColumn) -> Ordering {
    match column {
        SortColumn::Name => left
            .image_cache_name
            .to_lowercase()
            .cmp(&right.image_cache_name.to_lowercase()),
        SortColumn::Id => left.image_cache_id.cmp(&right.image_cache_id),
        SortColumn::Status => left.status.cmp(&right.status),
        SortColumn::Progress => progress_value(&left.progress)
            .partial_cmp(&progress_value(&right.progress))
            .unwrap_or(Ordering::Equal),
        SortColumn::Size => left.image_cache_size.cmp(&right.image_cache_size),
        SortColumn::Images => image_set(&left.images).cmp(&image_set(&right.images)),
        // The service formats times as `YYYY-MM-DDThh:mm:ssZ`, which sorts as text.
        SortColumn::CreationTime => left.creation_time.cmp(&right.creation_time),
    }
}

/// Returns the number in a progress text such as `45%`, or -1 for text without one, so
/// that such rows sort before `0%`.
fn progress_value(progress: &str) -> f64 {
    let number = progress.trim().trim_end_matches('%').trim();
    number.parse().unwrap_or(-1.0)
}

/// Returns the caches that match `query`, sorted by `column`, ties broken by id so the
/// order is stable across refreshes.
pub fn visible_rows(
    caches: &[ImageCache],
    query: &str,
    column: SortColumn,
    ascending: bool,
) -> Vec<ImageCache> {
    let mut rows: Vec<ImageCache> = caches
        .iter()
        .filter(|cache| matches_search(cache, query))
        .cloned()
        .collect();
    rows.sort_by(|left, right| {
        let order = compare(left, right, column)
            .then_with(|| left.image_cache_id.cmp(&right.image_cache_id));
        if ascending {
            order
        } else {
            order.reverse()
        }
    });
    rows
}

/// Counts caches per status: the documented statuses first, in [`DOCUMENTED_STATUSES`]
/// order, then any other status in the order it first appears. A status no cache has is
/// left out.
pub fn status_counts(caches: &[ImageCache]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for cache in caches {
        match counts
            .iter_mut()
            .find(|(status, _)| *status == cache.status)
        {
            Some((_, count)) => *count += 1,
            None => counts.push((cache.status.clone(), 1)),
        }
    }
    let rank = |status: &str| {
        DOCUMENTED_STATUSES
            .iter()
            .position(|known| *known == status)
            .unwrap_or(DOCUMENTED_STATUSES.len())
    };
    // A stable sort keeps the unknown statuses in the order they first appear.
    counts.sort_by_key(|(status, _)| rank(status));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(id: &str, name: &str, status: &str, size: i64) -> ImageCache {
        ImageCache {
            image_cache_id: id.into(),
            image_cache_name: name.into(),
            status: status.into(),
            image_cache_size: Some(size),
            images: vec![format!("registry.example.com/{name}:1")],
            ..ImageCache::default()
        }
    }

    #[test]
    fn merge_drops_empty_and_repeated_ids() {
        let first = vec![
            cache("imc-1", "a", "Ready", 20),
            cache("", "ghost", "Ready", 20),
        ];
        let second = vec![
            cache("imc-1", "a", "Ready", 20),
            cache("imc-2", "b", "Ready", 20),
        ];
        let merged = merge_pages([first, second]);
        let ids: Vec<_> = merged.iter().map(|c| c.image_cache_id.as_str()).collect();
        assert_eq!(ids, ["imc-1", "imc-2"]);
    }

    #[test]
    fn search_matches_all_words() {
        let web = cache("imc-1", "web-cache", "Ready", 20);
        assert!(matches_search(&web, "WEB ready"));
        assert!(matches_search(&web, "registry.example.com/web"));
        assert!(!matches_search(&web, "web failed"));
        assert!(matches_search(&web, "   "));
    }

    #[test]
    fn sorts_by_size_descending_with_stable_ties() {
        let caches = vec![
            cache("imc-3", "c", "Ready", 20),
            cache("imc-1", "a", "Failed", 40),
            cache("imc-2", "b", "Ready", 20),
        ];
        let rows = visible_rows(&caches, "", SortColumn::Size, false);
        let ids: Vec<_> = rows.iter().map(|c| c.image_cache_id.as_str()).collect();
        assert_eq!(ids, ["imc-1", "imc-3", "imc-2"]);
    }

    #[test]
    fn sorts_progress_as_numbers() {
        let mut caches = vec![
            cache("imc-1", "a", "Creating", 20),
            cache("imc-2", "b", "Creating", 20),
            cache("imc-3", "c", "Preparing", 20),
        ];
        caches[0].progress = "10%".into();
        caches[1].progress = "9%".into();
        let rows = visible_rows(&caches, "", SortColumn::Progress, true);
        let ids: Vec<_> = rows.iter().map(|c| c.image_cache_id.as_str()).collect();
        assert_eq!(ids, ["imc-3", "imc-2", "imc-1"]);
    }

    #[test]
    fn sorts_images_as_sets() {
        let mut caches = vec![
            cache("imc-1", "a", "Ready", 20),
            cache("imc-2", "b", "Ready", 20),
        ];
        caches[0].images = vec!["z:1".into(), "b:1".into()];
        caches[1].images = vec!["c:1".into()];
        let rows = visible_rows(&caches, "", SortColumn::Images, true);
        let ids: Vec<_> = rows.iter().map(|c| c.image_cache_id.as_str()).collect();
        assert_eq!(ids, ["imc-1", "imc-2"]);
    }

    #[test]
    fn counts_per_status() {
        let caches = vec![
            cache("imc-1", "a", "Ready", 20),
            cache("imc-2", "b", "Failed", 20),
            cache("imc-3", "c", "Ready", 20),
        ];
        assert_eq!(
            status_counts(&caches),
            vec![("Ready".to_string(), 2), ("Failed".to_string(), 1)]
        );
    }

    #[test]
    fn counts_put_documented_statuses_first() {
        let caches = vec![
            cache("imc-1", "a", "Deleting", 20),
            cache("imc-2", "b", "Ready", 20),
            cache("imc-3", "c", "Creating", 20),
            cache("imc-4", "d", "Archived", 20),
            cache("imc-5", "e", "Deleting", 20),
        ];
        let expected = [
            ("Creating", 1),
            ("Ready", 1),
            ("Deleting", 2),
            ("Archived", 1),
        ];
        let expected: Vec<(String, usize)> = expected
            .iter()
            .map(|(status, count)| (status.to_string(), *count))
            .collect();
        assert_eq!(status_counts(&caches), expected);
    }

    #[test]
    fn id_list_drops_blanks_and_repeats() {
        assert_eq!(parse_id_list(" imc-1, ,imc-2\nimc-1,,"), ["imc-1", "imc-2"]);
        assert_eq!(parse_id_list(" , "), Vec::<String>::new());
    }

    #[test]
    fn filter_becomes_describe_params() {
        let filter = ListFilter {
            ids: ", imc-1 ,imc-2, imc-1".into(),
            name: " web ".into(),
            image: " nginx:1.25 ".into(),
        };
        let params = crate::api::describe_params(&filter.describe_filter(), "", 20);
        let expected = [
            ("ImageCacheId", "imc-1,imc-2"),
            ("ImageCacheName", "web"),
            ("Image", "nginx:1.25"),
            ("Limit", "20"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect();
        assert_eq!(params.pairs(), expected.as_slice());
        assert!(!filter.is_empty());
    }

    #[test]
    fn blank_filter_is_empty() {
        let filter = ListFilter {
            ids: " , ".into(),
            name: "  ".into(),
            image: String::new(),
        };
        assert!(filter.is_empty());
        let params = crate::api::describe_params(&filter.describe_filter(), "", 20);
        assert_eq!(params.get("ImageCacheId"), None);
    }

    #[test]
    fn images_as_sorted_set() {
        let images = ["b:1", " a:1 ", "", "b:1", "a:1"];
        assert_eq!(image_set(&images), ["a:1", "b:1"]);
    }

    #[test]
    fn status_filter_matches_exactly() {
        let ready = cache("imc-1", "a", "Ready", 20);
        assert!(matches_status(&ready, ""));
        assert!(matches_status(&ready, "Ready"));
        assert!(!matches_status(&ready, "ready"));
        assert!(!matches_status(&ready, "UpdateFailed"));
    }
}
