//! The console's list of image caches as the pages share it: one row per cache id, and the
//! texts the list and the detail page show. Search and sorting are `eci_core::list`.

use eci_core::api::{CacheStatus, ImageCache};

/// Adds `cache` to `rows`, or replaces the row with the same id in place. A cache with an
/// empty id is skipped, because the console cannot open, poll or delete it.
pub fn upsert(rows: &mut Vec<ImageCache>, cache: ImageCache) {
    if cache.image_cache_id.trim().is_empty() {
        return;
    }
    match rows
        .iter_mut()
        .find(|row| row.image_cache_id == cache.image_cache_id)
    {
        Some(row) => *row = cache,
        None => rows.push(cache),
    }
}

/// Removes the cache with `image_cache_id`, if listed.
pub fn remove(rows: &mut Vec<ImageCache>, image_cache_id: &str) {
    rows.retain(|row| row.image_cache_id != image_cache_id);
}

/// Whether any cache is still being built or updated, so the list should refresh itself.
pub fn any_pending(rows: &[ImageCache]) -> bool {
    rows.iter().any(|row| row.status().is_pending())
}

/// Returns the count text of the list: `1 cache`, `3 caches`, `0 caches`.
pub fn count_label(count: usize) -> String {
    match count {
        1 => "1 cache".to_string(),
        n => format!("{n} caches"),
    }
}

/// Returns the count text while a search narrows the list: `2 of 5 caches`.
pub fn filtered_count_label(visible: usize, total: usize) -> String {
    if visible == total {
        count_label(total)
    } else {
        format!("{visible} of {}", count_label(total))
    }
}

/// Returns the size column text, such as `20 GiB`, or an empty string when unknown.
pub fn size_label(cache: &ImageCache) -> String {
    cache
        .image_cache_size
        .map(|size| format!("{size} GiB"))
        .unwrap_or_default()
}

/// Returns the progress as a whole percentage from 0 to 100, for a progress bar, when the
/// service's text (such as `"45%"`) has one.
pub fn progress_percent(progress: &str) -> Option<u8> {
    let number = progress.trim().trim_end_matches('%').trim();
    let value: f64 = number.parse().ok()?;
    Some(value.clamp(0.0, 100.0).round() as u8)
}

/// Returns why `id` cannot be opened as an image cache id, as a sentence with the fix, or
/// `None` when it can. Ids such as `imc-2ze0example` contain only letters, digits, `-` and
/// `_`; anything else would not survive as one path segment of the detail URL.
pub fn import_id_problem(id: &str) -> Option<String> {
    let id = id.trim();
    if id.is_empty() {
        return Some("Enter an image cache id, such as imc-2ze0example, to open it.".into());
    }
    let valid = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (!valid).then(|| {
        format!(
            "The id \"{id}\" contains characters an image cache id never has; \
             enter an id such as imc-2ze0example."
        )
    })
}

/// Returns why UpdateImageCache would reject a cache in `status`, as a sentence for the
/// disabled Update button, or `None` when the status allows an update.
pub fn update_block_reason(status: &str) -> Option<String> {
    if CacheStatus::parse(status).allows_update() {
        return None;
    }
    let current = if status.trim().is_empty() {
        "its status is not known yet".to_string()
    } else {
        format!("it is {status}")
    };
    Some(format!(
        "A cache can be updated only when it is Ready or UpdateFailed; {current}."
    ))
}

/// Returns a service time such as `2024-01-01T00:00:00Z` as `2024-01-01 00:00:00 UTC`;
/// other text is returned as it is.
pub fn time_label(time: &str) -> String {
    let is_utc_seconds = time.len() == 20 && time.as_bytes()[10] == b'T' && time.ends_with('Z');
    if is_utc_seconds {
        format!("{} {} UTC", &time[..10], &time[11..19])
    } else {
        time.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(id: &str, name: &str, status: &str) -> ImageCache {
        ImageCache {
            image_cache_id: id.into(),
            image_cache_name: name.into(),
            status: status.into(),
            images: vec!["registry.example.com/ns/nginx:1.25".into()],
            ..ImageCache::default()
        }
    }

    #[test]
    fn one_row_per_id_and_no_empty_ids() {
        let mut rows = Vec::new();
        for row in [cache("imc-1", "a", "Creating"), cache("", "ghost", "Ready")] {
            upsert(&mut rows, row);
        }
        for row in [cache("imc-2", "b", "Ready"), cache("imc-1", "a", "Ready")] {
            upsert(&mut rows, row);
        }
        let ids: Vec<&str> = rows.iter().map(|row| row.image_cache_id.as_str()).collect();
        assert_eq!(ids, ["imc-1", "imc-2"]);
        assert_eq!(rows[0].status, "Ready", "the later copy replaces the row");
    }

    #[test]
    fn remove_drops_only_that_id() {
        let mut rows = vec![cache("imc-1", "a", "Ready"), cache("imc-2", "b", "Ready")];
        remove(&mut rows, "imc-1");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].image_cache_id, "imc-2");
    }

    #[test]
    fn pending_statuses_keep_polling() {
        assert!(any_pending(&[
            cache("imc-1", "a", "Ready"),
            cache("imc-2", "b", "Updating")
        ]));
        assert!(!any_pending(&[
            cache("imc-1", "a", "Ready"),
            cache("imc-2", "b", "Deleting")
        ]));
    }

    #[test]
    fn count_texts() {
        assert_eq!(count_label(0), "0 caches");
        assert_eq!(count_label(1), "1 cache");
        assert_eq!(count_label(3), "3 caches");
        assert_eq!(filtered_count_label(2, 5), "2 of 5 caches");
        assert_eq!(filtered_count_label(5, 5), "5 caches");
    }

    #[test]
    fn progress_parses_percent_text() {
        assert_eq!(progress_percent("45%"), Some(45));
        assert_eq!(progress_percent(" 100 % "), Some(100));
        assert_eq!(progress_percent("12.6%"), Some(13));
        assert_eq!(progress_percent("150%"), Some(100));
        assert_eq!(progress_percent(""), None);
        assert_eq!(progress_percent("n/a"), None);
    }

    #[test]
    fn import_id_rules() {
        assert_eq!(import_id_problem(" imc-2ze0abc "), None);
        assert!(import_id_problem("  ").expect("blank").contains("Enter"));
        let problem = import_id_problem("imc-1/../x").expect("slash");
        assert!(problem.contains("\"imc-1/../x\""), "{problem}");
    }

    #[test]
    fn update_reasons_name_the_status() {
        assert_eq!(update_block_reason("Ready"), None);
        assert_eq!(update_block_reason("UpdateFailed"), None);
        assert_eq!(
            update_block_reason("Creating").as_deref(),
            Some("A cache can be updated only when it is Ready or UpdateFailed; it is Creating.")
        );
        assert_eq!(
            update_block_reason("Deleting").as_deref(),
            Some("A cache can be updated only when it is Ready or UpdateFailed; it is Deleting.")
        );
        assert_eq!(
            update_block_reason("").as_deref(),
            Some(
                "A cache can be updated only when it is Ready or UpdateFailed; its status is \
                 not known yet."
            )
        );
    }

    #[test]
    fn time_labels() {
        assert_eq!(
            time_label("2024-01-01T00:01:02Z"),
            "2024-01-01 00:01:02 UTC"
        );
        assert_eq!(
            time_label("2024-01-01T00:01:02+08:00"),
            "2024-01-01T00:01:02+08:00"
        );
        assert_eq!(time_label(""), "");
    }
}
