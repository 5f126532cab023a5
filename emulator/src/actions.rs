//! The four image-cache actions. Each returns the response body as JSON, serialized from
//! the `eci-core` response types that the console parses.

use axum::http::StatusCode;
use eci_core::api::actions::{
    CREATE_IMAGE_CACHE, DELETE_IMAGE_CACHE, DESCRIBE_IMAGE_CACHES, UPDATE_IMAGE_CACHE,
};
use eci_core::api::types::{
    CreateImageCacheResponse, DescribeImageCachesResponse, RequestIdResponse,
};
use serde_json::Value;

use crate::errors::ApiFailure;
use crate::lifecycle::CacheRecord;
use crate::request::RpcParams;
use crate::spec::{
    indexed_values, parse_bool, parse_client_token, parse_create, parse_tag_pairs, parse_update,
};
use crate::state::Emulator;
use crate::store::{Filter, ImageMatch, TagFilter, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// Most images one DescribeImageCaches lookup may give in `MatchImage.N`.
pub const MAX_MATCH_IMAGES: usize = 100;

/// Runs `action`, or returns `InvalidApi.NotFound` for an action the service lacks.
pub fn dispatch(
    action: &str,
    params: &RpcParams,
    emulator: &Emulator,
    request_id: &str,
) -> Result<Value, ApiFailure> {
    let response = match action {
        CREATE_IMAGE_CACHE => to_json(&create(params, emulator, request_id)?),
        DESCRIBE_IMAGE_CACHES => to_json(&describe(params, emulator, request_id)?),
        UPDATE_IMAGE_CACHE => to_json(&update(params, emulator, request_id)?),
        DELETE_IMAGE_CACHE => to_json(&delete(params, emulator, request_id)?),
        _ => {
            return Err(ApiFailure::new(
                StatusCode::NOT_FOUND,
                "InvalidApi.NotFound",
                "Specified api is not found, please check your url and method.",
            ))
        }
    };
    Ok(response)
}

fn to_json<T: serde::Serialize>(body: &T) -> Value {
    serde_json::to_value(body).expect("response types serialize to JSON")
}

fn required<'a>(params: &'a RpcParams, key: &str) -> Result<&'a str, ApiFailure> {
    params
        .non_empty(key)
        .ok_or_else(|| ApiFailure::missing_parameter(key))
}

fn create(
    params: &RpcParams,
    emulator: &Emulator,
    request_id: &str,
) -> Result<CreateImageCacheResponse, ApiFailure> {
    let region_id = required(params, "RegionId")?;
    let spec = parse_create(params)?;
    let client_token = parse_client_token(params)?;
    let now_ms = emulator.now_ms();
    let mut store = emulator.store();

    // A repeated client token returns the cache of the first call instead of a new one.
    let existing = client_token
        .as_deref()
        .and_then(|token| store.created_with_token(token));
    let created = match existing {
        Some(created) => created,
        None => {
            let duration_ms = emulator.config().create_duration.as_millis() as i64;
            let record = CacheRecord::create(region_id, spec, now_ms, duration_ms);
            store.insert(record, client_token)
        }
    };
    Ok(CreateImageCacheResponse {
        request_id: request_id.to_string(),
        image_cache_id: created.image_cache_id,
        container_group_id: created.container_group_id,
    })
}

fn describe(
    params: &RpcParams,
    emulator: &Emulator,
    request_id: &str,
) -> Result<DescribeImageCachesResponse, ApiFailure> {
    let region_id = required(params, "RegionId")?;
    let filter = Filter {
        region_id: region_id.to_string(),
        image_cache_ids: id_list(params, "ImageCacheId"),
        image_cache_name: optional(params, "ImageCacheName"),
        image: optional(params, "Image"),
        snapshot_id: optional(params, "SnapshotId"),
        resource_group_id: optional(params, "ResourceGroupId"),
        tags: tag_filter(params)?,
        image_match: image_match(params)?,
    };
    let limit = page_size(params)?;
    let now_ms = emulator.now_ms();
    let mut store = emulator.store();
    store.record_matches(&filter, now_ms);
    let page = store.page(&filter, limit, params.non_empty("NextToken"), now_ms)?;
    Ok(DescribeImageCachesResponse {
        request_id: request_id.to_string(),
        total_count: Some(page.total_count as i64),
        next_token: page.next_token,
        image_caches: page.caches,
    })
}

fn optional(params: &RpcParams, key: &str) -> Option<String> {
    params.non_empty(key).map(str::to_string)
}

/// Reads a comma-separated list of ids, skipping empty entries, so that `",imc-1"` means
/// `imc-1` and `","` means no filter.
// NOTE: the SDK declares ImageCacheId a single string while the documentation calls it
// "the IDs of the image caches"; whether the service splits at commas is unconfirmed.
fn id_list(params: &RpcParams, key: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in params.get(key).unwrap_or_default().split(',') {
        let id = id.trim();
        if !id.is_empty() && !ids.iter().any(|seen| seen == id) {
            ids.push(id.to_string());
        }
    }
    ids
}

/// Reads `Limit`: 20 when absent, lowered to 100 when larger, and at least 1.
fn page_size(params: &RpcParams) -> Result<usize, ApiFailure> {
    let Some(value) = params.non_empty("Limit") else {
        return Ok(DEFAULT_PAGE_SIZE);
    };
    match value.parse::<usize>() {
        Ok(limit) if limit >= 1 => Ok(limit.min(MAX_PAGE_SIZE)),
        _ => Err(ApiFailure::invalid_parameter(
            "Limit",
            format!("\"{value}\" is not a positive integer."),
        )),
    }
}

/// Reads the `Tag.N.Key`/`Tag.N.Value` filter of DescribeImageCaches; a key without a value
/// matches any value of that key.
fn tag_filter(params: &RpcParams) -> Result<Vec<TagFilter>, ApiFailure> {
    let pairs = parse_tag_pairs(params)?;
    Ok(pairs
        .into_iter()
        .map(|(key, value)| TagFilter { key, value })
        .collect())
}

/// Reads `MatchImage.N` (at most 100 images), `ImageFullMatch` and
/// `ImageMatchCountRequest`. The last two apply only together with `MatchImage.N`.
fn image_match(params: &RpcParams) -> Result<Option<ImageMatch>, ApiFailure> {
    let requested = indexed_values(params, "MatchImage");
    if requested.len() > MAX_MATCH_IMAGES {
        return Err(ApiFailure::invalid_parameter(
            "MatchImage.N",
            format!(
                "At most {MAX_MATCH_IMAGES} images are allowed, got {}.",
                requested.len()
            ),
        ));
    }
    let full_match = parse_bool(params, "ImageFullMatch")?.unwrap_or(false);
    let max_count = match params.non_empty("ImageMatchCountRequest") {
        None => None,
        Some(value) => match value.parse::<usize>() {
            Ok(count) if count >= 1 => Some(count),
            _ => {
                return Err(ApiFailure::invalid_parameter(
                    "ImageMatchCountRequest",
                    format!("\"{value}\" is not a positive integer."),
                ))
            }
        },
    };
    if requested.is_empty() {
        return Ok(None);
    }
    let mut images: Vec<String> = Vec::new();
    for image in requested.into_values() {
        if !images.contains(&image) {
            images.push(image);
        }
    }
    Ok(Some(ImageMatch {
        images,
        full_match,
        max_count,
    }))
}

fn update(
    params: &RpcParams,
    emulator: &Emulator,
    request_id: &str,
) -> Result<RequestIdResponse, ApiFailure> {
    let region_id = required(params, "RegionId")?;
    let image_cache_id = required(params, "ImageCacheId")?;
    let changes = parse_update(params)?;
    let client_token = parse_client_token(params)?;
    let response = RequestIdResponse {
        request_id: request_id.to_string(),
    };
    let now_ms = emulator.now_ms();
    let mut store = emulator.store();
    if let Some(token) = &client_token {
        if store.token_done(UPDATE_IMAGE_CACHE, token) {
            return Ok(response);
        }
    }

    let record = store
        .find_mut(region_id, image_cache_id)
        .ok_or_else(|| ApiFailure::cache_not_found(image_cache_id))?;
    let status = record.status(now_ms);
    if !status.allows_update() {
        // NOTE: the service's code for updating a cache in the wrong status is unconfirmed;
        // `IncorrectImageCacheStatus` (403) follows its `Incorrect{Resource}Status` pattern.
        return Err(ApiFailure::new(
            StatusCode::FORBIDDEN,
            "IncorrectImageCacheStatus",
            format!(
                "The image cache \"{image_cache_id}\" is in status {}; only a cache in status \
                 Ready or UpdateFailed can be updated.",
                status.as_str()
            ),
        ));
    }
    let duration_ms = emulator.config().update_duration.as_millis() as i64;
    record.start_update(changes, now_ms, duration_ms);
    if let Some(token) = &client_token {
        store.remember_token(UPDATE_IMAGE_CACHE, token);
    }
    Ok(response)
}

fn delete(
    params: &RpcParams,
    emulator: &Emulator,
    request_id: &str,
) -> Result<RequestIdResponse, ApiFailure> {
    let region_id = required(params, "RegionId")?;
    let image_cache_id = required(params, "ImageCacheId")?;
    let client_token = parse_client_token(params)?;
    let response = RequestIdResponse {
        request_id: request_id.to_string(),
    };
    let mut store = emulator.store();
    if let Some(token) = &client_token {
        if store.token_done(DELETE_IMAGE_CACHE, token) {
            return Ok(response);
        }
    }
    if !store.remove(region_id, image_cache_id) {
        return Err(ApiFailure::cache_not_found(image_cache_id));
    }
    if let Some(token) = &client_token {
        store.remember_token(DELETE_IMAGE_CACHE, token);
    }
    Ok(response)
}
