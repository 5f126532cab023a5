//! All image caches of the emulator, with filtering, pagination and client-token
//! idempotency.

use std::collections::{BTreeMap, HashMap, HashSet};

use eci_core::api::types::{CacheStatus, ImageCache};

use crate::errors::ApiFailure;
use crate::lifecycle::CacheRecord;

/// Page size when a request gives no `Limit`.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// Largest page; a larger `Limit` is lowered to this.
// NOTE: the service's maximum `Limit` is undocumented; 100 is the emulator's choice.
pub const MAX_PAGE_SIZE: usize = 100;

/// Prefix of the `NextToken` values this emulator hands out.
const NEXT_TOKEN_PREFIX: &str = "nt-";

/// Filters of DescribeImageCaches. A cache is listed when it passes every filter that is
/// set.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub region_id: String,
    /// Cache ids, any of which may match; empty lets every id pass.
    pub image_cache_ids: Vec<String>,
    pub image_cache_name: Option<String>,
    /// An image that the cache must contain.
    pub image: Option<String>,
    pub snapshot_id: Option<String>,
    pub resource_group_id: Option<String>,
    pub tags: Vec<TagFilter>,
    pub image_match: Option<ImageMatch>,
}

/// A `Tag.N.Key`/`Tag.N.Value` filter. Without a value, any value of the key matches.
// NOTE: the service documents both parts as optional but not how a key without a value
// filters. Matching any value of the key is the emulator's choice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagFilter {
    pub key: String,
    pub value: Option<String>,
}

/// The `MatchImage.N` lookup: which Ready caches contain the given images.
// NOTE: the service documents MatchImage only as a lookup of the best-matching caches, so
// these rules are the emulator's reading. Only Ready caches match, because only Ready is
// usable. A full match contains every image and a partial match at least one. Images
// compare as exact strings. `ImageMatchCountRequest` keeps the caches with the most
// matching images, and the newer ones among equals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageMatch {
    /// The requested images, without duplicates.
    pub images: Vec<String>,
    /// Whether a cache must contain every requested image (`ImageFullMatch`).
    pub full_match: bool,
    /// How many of the best-matching caches to return (`ImageMatchCountRequest`).
    pub max_count: Option<usize>,
}

impl ImageMatch {
    /// Returns how many requested images the cache contains, or `None` when it does not
    /// match.
    fn score(&self, record: &CacheRecord, now_ms: i64) -> Option<usize> {
        if record.status(now_ms) != CacheStatus::Ready {
            return None;
        }
        let contained = self
            .images
            .iter()
            .filter(|image| record.spec.images.contains(image))
            .count();
        let matches = if self.full_match {
            contained == self.images.len()
        } else {
            contained > 0
        };
        matches.then_some(contained)
    }
}

impl Filter {
    /// Returns whether the cache passes every filter but the image match.
    fn matches_attributes(&self, record: &CacheRecord) -> bool {
        let spec = &record.spec;
        let equals =
            |wanted: &Option<String>, actual: &str| wanted.as_deref().is_none_or(|w| w == actual);
        record.region_id == self.region_id
            && (self.image_cache_ids.is_empty() || self.image_cache_ids.contains(&record.id))
            && equals(&self.image_cache_name, &spec.name)
            && equals(&self.snapshot_id, &record.snapshot_id)
            && equals(&self.resource_group_id, &spec.resource_group_id)
            && self
                .image
                .as_ref()
                .is_none_or(|image| spec.images.contains(image))
            && self.tags.iter().all(|wanted| {
                spec.tags.iter().any(|tag| {
                    tag.key == wanted.key && wanted.value.as_ref().is_none_or(|v| *v == tag.value)
                })
            })
    }
}

/// One page of DescribeImageCaches.
#[derive(Debug)]
pub struct Page {
    pub caches: Vec<ImageCache>,
    pub total_count: usize,
    /// Token of the next page, empty on the last page.
    pub next_token: String,
}

/// The caches, keyed by a sequence number that grows with each creation.
#[derive(Debug, Default)]
pub struct Store {
    caches: BTreeMap<u64, CacheRecord>,
    next_sequence: u64,
    /// CreateImageCache client tokens and the cache each one created.
    create_tokens: HashMap<String, CreatedCache>,
    /// Client tokens of successful UpdateImageCache and DeleteImageCache calls, with the
    /// action name.
    done_tokens: HashSet<(String, String)>,
}

/// The ids a CreateImageCache call returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedCache {
    pub image_cache_id: String,
    pub container_group_id: String,
}

impl Store {
    /// Applies finished jobs and drops expired caches as of `now_ms`. Every read and write
    /// calls this first.
    pub fn settle(&mut self, now_ms: i64) {
        for record in self.caches.values_mut() {
            record.settle(now_ms);
        }
        self.caches.retain(|_, record| !record.is_expired(now_ms));
    }

    /// Adds a cache and remembers its client token.
    pub fn insert(&mut self, record: CacheRecord, client_token: Option<String>) -> CreatedCache {
        let created = CreatedCache {
            image_cache_id: record.id.clone(),
            container_group_id: record.container_group_id.clone(),
        };
        if let Some(token) = client_token {
            self.create_tokens.insert(token, created.clone());
        }
        self.caches.insert(self.next_sequence, record);
        self.next_sequence += 1;
        created
    }

    /// Returns the cache an earlier CreateImageCache with this client token created.
    pub fn created_with_token(&self, client_token: &str) -> Option<CreatedCache> {
        self.create_tokens.get(client_token).cloned()
    }

    /// Records that `action` succeeded with `client_token`.
    pub fn remember_token(&mut self, action: &str, client_token: &str) {
        self.done_tokens
            .insert((action.to_string(), client_token.to_string()));
    }

    /// Returns whether `action` already succeeded with `client_token`.
    pub fn token_done(&self, action: &str, client_token: &str) -> bool {
        self.done_tokens
            .contains(&(action.to_string(), client_token.to_string()))
    }

    pub fn find_mut(&mut self, region_id: &str, image_cache_id: &str) -> Option<&mut CacheRecord> {
        self.caches
            .values_mut()
            .find(|record| record.id == image_cache_id && record.region_id == region_id)
    }

    /// Removes a cache; returns false if no such cache exists in the region.
    pub fn remove(&mut self, region_id: &str, image_cache_id: &str) -> bool {
        let sequence = self
            .caches
            .iter()
            .find(|(_, record)| record.id == image_cache_id && record.region_id == region_id)
            .map(|(sequence, _)| *sequence);
        sequence.is_some_and(|sequence| self.caches.remove(&sequence).is_some())
    }

    /// Returns the sequence numbers of the caches that pass `filter`, newest first. With an
    /// image match that has a maximum count, only that many of the best-matching caches.
    fn select(&self, filter: &Filter, now_ms: i64) -> Vec<u64> {
        let mut selected: Vec<(u64, usize)> = self
            .caches
            .iter()
            .rev()
            .filter(|(_, record)| filter.matches_attributes(record))
            .filter_map(|(sequence, record)| match &filter.image_match {
                None => Some((*sequence, 0)),
                Some(image_match) => image_match
                    .score(record, now_ms)
                    .map(|score| (*sequence, score)),
            })
            .collect();
        let max_count = filter
            .image_match
            .as_ref()
            .and_then(|image_match| image_match.max_count);
        if let Some(max_count) = max_count.filter(|max| selected.len() > *max) {
            let mut ranked = selected.clone();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            let best: HashSet<u64> = ranked
                .into_iter()
                .take(max_count)
                .map(|(sequence, _)| sequence)
                .collect();
            selected.retain(|(sequence, _)| best.contains(sequence));
        }
        selected.into_iter().map(|(sequence, _)| sequence).collect()
    }

    /// Sets `LastMatchedTime` to `now_ms` on every cache that the image match of `filter`
    /// selects. Does nothing for a filter without an image match.
    pub fn record_matches(&mut self, filter: &Filter, now_ms: i64) {
        if filter.image_match.is_none() {
            return;
        }
        for sequence in self.select(filter, now_ms) {
            if let Some(record) = self.caches.get_mut(&sequence) {
                record.last_matched_ms = Some(now_ms);
            }
        }
    }

    /// Returns one page of matching caches, newest first. `next_token` continues after the
    /// previous page; it stays valid when caches are added or deleted in between.
    // NOTE: the service's sort order is undocumented; newest first is the emulator's choice,
    // also for MatchImage lookups.
    pub fn page(
        &self,
        filter: &Filter,
        limit: usize,
        next_token: Option<&str>,
        now_ms: i64,
    ) -> Result<Page, ApiFailure> {
        let start = match next_token {
            Some(token) => Some(parse_next_token(token)?),
            None => None,
        };
        let selected = self.select(filter, now_ms);
        let total_count = selected.len();
        let mut remaining = selected
            .into_iter()
            .filter(|sequence| start.is_none_or(|start| *sequence <= start));

        let caches: Vec<ImageCache> = remaining
            .by_ref()
            .take(limit)
            .filter_map(|sequence| self.caches.get(&sequence))
            .map(|record| record.view(now_ms))
            .collect();
        let next_token = match remaining.next() {
            Some(sequence) => format!("{NEXT_TOKEN_PREFIX}{sequence:016x}"),
            None => String::new(),
        };
        Ok(Page {
            caches,
            total_count,
            next_token,
        })
    }

    /// Returns every cache of every region, newest first.
    pub fn all(&self, now_ms: i64) -> Vec<ImageCache> {
        self.caches
            .values()
            .rev()
            .map(|record| record.view(now_ms))
            .collect()
    }

    /// Removes every cache and client token, and returns how many caches there were.
    pub fn clear(&mut self) -> usize {
        let removed = self.caches.len();
        self.caches.clear();
        self.create_tokens.clear();
        self.done_tokens.clear();
        removed
    }
}

fn parse_next_token(token: &str) -> Result<u64, ApiFailure> {
    token
        .strip_prefix(NEXT_TOKEN_PREFIX)
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .ok_or_else(|| {
            ApiFailure::invalid_parameter(
                "NextToken",
                "Pass the NextToken of the previous response unchanged.",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::CacheSpec;

    fn store_with(count: usize) -> Store {
        let mut store = Store::default();
        for index in 0..count {
            let spec = CacheSpec {
                name: format!("cache-{index}"),
                images: vec!["nginx:1".into()],
                size_gib: 20,
                ..Default::default()
            };
            store.insert(CacheRecord::create("cn-hangzhou", spec, 0, 1_000), None);
        }
        store.settle(1_000);
        store
    }

    fn region() -> Filter {
        Filter {
            region_id: "cn-hangzhou".into(),
            ..Default::default()
        }
    }

    #[test]
    fn pages_newest_first_until_empty_token() {
        let store = store_with(5);
        let first = store.page(&region(), 2, None, 1_000).unwrap();
        assert_eq!(first.total_count, 5);
        let names: Vec<_> = first
            .caches
            .iter()
            .map(|c| c.image_cache_name.as_str())
            .collect();
        assert_eq!(names, ["cache-4", "cache-3"]);
        let second = store
            .page(&region(), 2, Some(&first.next_token), 1_000)
            .unwrap();
        let third = store
            .page(&region(), 2, Some(&second.next_token), 1_000)
            .unwrap();
        assert_eq!(third.caches.len(), 1);
        assert_eq!(third.caches[0].image_cache_name, "cache-0");
        assert_eq!(third.next_token, "");
    }

    #[test]
    fn exact_last_page_has_empty_token() {
        let store = store_with(4);
        let first = store.page(&region(), 4, None, 1_000).unwrap();
        assert_eq!(first.caches.len(), 4);
        assert_eq!(first.next_token, "");
    }

    #[test]
    fn other_region_and_bad_token() {
        let store = store_with(2);
        let other = Filter {
            region_id: "cn-beijing".into(),
            ..Default::default()
        };
        assert_eq!(store.page(&other, 20, None, 1_000).unwrap().total_count, 0);
        let failure = store
            .page(&region(), 20, Some("garbage"), 1_000)
            .unwrap_err();
        assert_eq!(failure.code, "InvalidParameter");
    }
}
