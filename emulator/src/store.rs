//! All image caches of the emulator, with filtering, pagination and client-token
//! idempotency.

use std::collections::{BTreeMap, HashMap, HashSet};

use eci_core::api::types::{ImageCache, Tag};

use crate::errors::ApiFailure;
use crate::lifecycle::CacheRecord;

/// Page size when a request gives no `Limit`.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// Largest page; a larger `Limit` is lowered to this.
// NOTE: the service's maximum `Limit` is undocumented; 100 is the emulator's choice.
pub const MAX_PAGE_SIZE: usize = 100;

/// Prefix of the `NextToken` values this emulator hands out.
const NEXT_TOKEN_PREFIX: &str = "nt-";

/// Filters of DescribeImageCaches. Each one that is set must match exactly.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub region_id: String,
    pub image_cache_id: Option<String>,
    pub image_cache_name: Option<String>,
    pub image: Option<String>,
    pub snapshot_id: Option<String>,
    pub resource_group_id: Option<String>,
    pub tags: Vec<Tag>,
}

impl Filter {
    fn matches(&self, record: &CacheRecord) -> bool {
        let spec = &record.spec;
        let equals =
            |wanted: &Option<String>, actual: &str| wanted.as_deref().is_none_or(|w| w == actual);
        record.region_id == self.region_id
            && equals(&self.image_cache_id, &record.id)
            && equals(&self.image_cache_name, &spec.name)
            && equals(&self.snapshot_id, &record.snapshot_id)
            && equals(&self.resource_group_id, &spec.resource_group_id)
            && self
                .image
                .as_ref()
                .is_none_or(|image| spec.images.contains(image))
            && self.tags.iter().all(|tag| spec.tags.contains(tag))
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

    /// Returns one page of matching caches, newest first. `next_token` continues after the
    /// previous page; it stays valid when caches are added or deleted in between.
    // NOTE: the service's sort order is undocumented; newest first is the emulator's choice.
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
        let total_count = self
            .caches
            .values()
            .filter(|record| filter.matches(record))
            .count();
        let mut matching = self
            .caches
            .iter()
            .rev()
            .filter(|(sequence, _)| start.is_none_or(|start| **sequence <= start))
            .filter(|(_, record)| filter.matches(record));

        let caches: Vec<ImageCache> = matching
            .by_ref()
            .take(limit)
            .map(|(_, record)| record.view(now_ms))
            .collect();
        let next_token = match matching.next() {
            Some((sequence, _)) => format!("{NEXT_TOKEN_PREFIX}{sequence:016x}"),
            None => String::new(),
        };
        Ok(Page {
            caches,
            total_count,
            next_token,
        })
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
