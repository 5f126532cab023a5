//! Client-side view of the cache list: merging pages, quick search, sorting and counts.

use std::cmp::Ordering;

use crate::api::ImageCache;

/// Column the list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    Name,
    Id,
    Status,
    Size,
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
        SortColumn::Size => left.image_cache_size.cmp(&right.image_cache_size),
        // The service formats times as `YYYY-MM-DDThh:mm:ssZ`, which sorts as text.
        SortColumn::CreationTime => left.creation_time.cmp(&right.creation_time),
    }
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

/// Counts caches per status, in the order the statuses first appear.
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
}
