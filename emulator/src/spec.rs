//! Validated contents of CreateImageCache and UpdateImageCache requests.
//!
//! Limits follow the service documentation where it gives one. A cache has at most 20
//! images, 10 registry credentials and 20 tags. Its size is 20 to 32768 GiB (default 20)
//! and its retention 1 to 65536 days (default: never expires). A registry server has no
//! scheme, and a client token is at most 64 ASCII characters.

use std::collections::BTreeMap;

use eci_core::api::types::Tag;

use crate::errors::ApiFailure;
use crate::request::RpcParams;

pub const MAX_IMAGES: usize = 20;
pub const MAX_REGISTRY_CREDENTIALS: usize = 10;
pub const MAX_TAGS: usize = 20;
pub const MIN_CACHE_SIZE_GIB: i64 = 20;
pub const MAX_CACHE_SIZE_GIB: i64 = 32768;
pub const DEFAULT_CACHE_SIZE_GIB: i64 = 20;
pub const MAX_RETENTION_DAYS: i64 = 65536;
pub const MAX_CLIENT_TOKEN_LEN: usize = 64;
pub const MAX_VSWITCHES: usize = 10;
// NOTE: the service documents no rules for ImageCacheName, so only a maximum length is
// checked. The 128-character limit is that of other ECI names and is unconfirmed.
pub const MAX_NAME_LEN: usize = 128;

/// A private registry's sign-in details. The service never returns them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegistryCredential {
    pub server: String,
    pub user_name: String,
    pub password: String,
}

/// Everything a cache was created with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CacheSpec {
    pub name: String,
    pub images: Vec<String>,
    pub size_gib: i64,
    /// Days the cache is kept after creation; `None` keeps it until deleted.
    pub retention_days: Option<i64>,
    pub tags: Vec<Tag>,
    pub resource_group_id: String,
    pub security_group_id: String,
    pub vswitch_id: String,
    pub zone_id: String,
    pub eip_instance_id: String,
    pub registry_credentials: Vec<RegistryCredential>,
    pub elimination_strategy: String,
    pub auto_match_image_cache: bool,
    pub flash: bool,
    pub standard_copy_count: Option<i64>,
    pub flash_copy_count: Option<i64>,
}

/// Fields an UpdateImageCache request changes; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CacheChanges {
    pub name: Option<String>,
    pub images: Option<Vec<String>>,
    pub size_gib: Option<i64>,
    pub retention_days: Option<i64>,
    pub tags: Option<Vec<Tag>>,
    pub resource_group_id: Option<String>,
    pub security_group_id: Option<String>,
    pub vswitch_id: Option<String>,
    pub eip_instance_id: Option<String>,
    pub registry_credentials: Option<Vec<RegistryCredential>>,
    pub elimination_strategy: Option<String>,
    pub auto_match_image_cache: Option<bool>,
    pub flash: Option<bool>,
    pub standard_copy_count: Option<i64>,
    pub flash_copy_count: Option<i64>,
}

impl CacheChanges {
    /// Applies the changes to `spec`.
    pub fn apply(&self, spec: &mut CacheSpec) {
        fn set<T: Clone>(target: &mut T, value: &Option<T>) {
            if let Some(value) = value {
                *target = value.clone();
            }
        }
        set(&mut spec.name, &self.name);
        set(&mut spec.images, &self.images);
        set(&mut spec.size_gib, &self.size_gib);
        set(&mut spec.tags, &self.tags);
        set(&mut spec.resource_group_id, &self.resource_group_id);
        set(&mut spec.security_group_id, &self.security_group_id);
        set(&mut spec.vswitch_id, &self.vswitch_id);
        set(&mut spec.eip_instance_id, &self.eip_instance_id);
        set(&mut spec.registry_credentials, &self.registry_credentials);
        set(&mut spec.elimination_strategy, &self.elimination_strategy);
        set(
            &mut spec.auto_match_image_cache,
            &self.auto_match_image_cache,
        );
        set(&mut spec.flash, &self.flash);
        if self.retention_days.is_some() {
            spec.retention_days = self.retention_days;
        }
        if self.standard_copy_count.is_some() {
            spec.standard_copy_count = self.standard_copy_count;
        }
        if self.flash_copy_count.is_some() {
            spec.flash_copy_count = self.flash_copy_count;
        }
    }
}

/// Reads and validates the parameters of CreateImageCache (RegionId is checked by the
/// caller).
pub fn parse_create(params: &RpcParams) -> Result<CacheSpec, ApiFailure> {
    let name = params
        .non_empty("ImageCacheName")
        .ok_or_else(|| ApiFailure::missing_parameter("ImageCacheName"))?;
    let images = parse_images(params)?;
    if images.is_empty() {
        return Err(ApiFailure::missing_parameter("Image.1"));
    }
    let spec = CacheSpec {
        name: parse_name(name)?,
        images,
        size_gib: parse_size(params)?.unwrap_or(DEFAULT_CACHE_SIZE_GIB),
        retention_days: parse_retention(params)?,
        tags: parse_tags(params)?,
        resource_group_id: text(params, "ResourceGroupId"),
        security_group_id: text(params, "SecurityGroupId"),
        vswitch_id: parse_vswitches(params)?,
        zone_id: text(params, "ZoneId"),
        eip_instance_id: text(params, "EipInstanceId"),
        registry_credentials: parse_credentials(params)?,
        elimination_strategy: parse_elimination_strategy(params)?.unwrap_or_default(),
        auto_match_image_cache: parse_bool(params, "AutoMatchImageCache")?.unwrap_or(false),
        flash: parse_bool(params, "Flash")?.unwrap_or(false),
        standard_copy_count: parse_copy_count(params, "StandardCopyCount")?,
        flash_copy_count: parse_copy_count(params, "FlashCopyCount")?,
    };
    Ok(spec)
}

/// Reads and validates the optional parameters of UpdateImageCache (RegionId and
/// ImageCacheId are checked by the caller).
pub fn parse_update(params: &RpcParams) -> Result<CacheChanges, ApiFailure> {
    let name = params
        .non_empty("ImageCacheName")
        .map(parse_name)
        .transpose()?;
    let images = parse_images(params)?;
    let tags = parse_tags(params)?;
    let credentials = parse_credentials(params)?;
    let changes = CacheChanges {
        name,
        images: (!images.is_empty()).then_some(images),
        size_gib: parse_size(params)?,
        retention_days: parse_retention(params)?,
        tags: (!tags.is_empty()).then_some(tags),
        resource_group_id: optional_text(params, "ResourceGroupId"),
        security_group_id: optional_text(params, "SecurityGroupId"),
        vswitch_id: params
            .non_empty("VSwitchId")
            .map(|_| parse_vswitches(params))
            .transpose()?,
        eip_instance_id: optional_text(params, "EipInstanceId"),
        registry_credentials: (!credentials.is_empty()).then_some(credentials),
        elimination_strategy: parse_elimination_strategy(params)?,
        auto_match_image_cache: parse_bool(params, "AutoMatchImageCache")?,
        flash: parse_bool(params, "Flash")?,
        standard_copy_count: parse_copy_count(params, "StandardCopyCount")?,
        flash_copy_count: parse_copy_count(params, "FlashCopyCount")?,
    };
    Ok(changes)
}

/// Returns the `ClientToken` after checking that it is at most 64 ASCII characters.
pub fn parse_client_token(params: &RpcParams) -> Result<Option<String>, ApiFailure> {
    let Some(token) = params.non_empty("ClientToken") else {
        return Ok(None);
    };
    if !token.is_ascii() || token.len() > MAX_CLIENT_TOKEN_LEN {
        return Err(ApiFailure::invalid_parameter(
            "ClientToken",
            format!("It must be at most {MAX_CLIENT_TOKEN_LEN} ASCII characters."),
        ));
    }
    Ok(Some(token.to_string()))
}

fn text(params: &RpcParams, key: &str) -> String {
    params.non_empty(key).unwrap_or_default().to_string()
}

fn optional_text(params: &RpcParams, key: &str) -> Option<String> {
    params.non_empty(key).map(str::to_string)
}

fn parse_name(name: &str) -> Result<String, ApiFailure> {
    if name.chars().count() > MAX_NAME_LEN {
        return Err(ApiFailure::invalid_parameter(
            "ImageCacheName",
            format!("It must be at most {MAX_NAME_LEN} characters long."),
        ));
    }
    Ok(name.to_string())
}

fn parse_int(params: &RpcParams, key: &str) -> Result<Option<i64>, ApiFailure> {
    let Some(value) = params.non_empty(key) else {
        return Ok(None);
    };
    value
        .parse()
        .map(Some)
        .map_err(|_| ApiFailure::invalid_parameter(key, format!("\"{value}\" is not an integer.")))
}

fn parse_int_in(
    params: &RpcParams,
    key: &str,
    range: std::ops::RangeInclusive<i64>,
    unit: &str,
) -> Result<Option<i64>, ApiFailure> {
    let value = parse_int(params, key)?;
    match value {
        Some(number) if !range.contains(&number) => Err(ApiFailure::invalid_parameter(
            key,
            format!(
                "It must be from {} to {} {unit}, got {number}.",
                range.start(),
                range.end()
            ),
        )),
        _ => Ok(value),
    }
}

fn parse_size(params: &RpcParams) -> Result<Option<i64>, ApiFailure> {
    parse_int_in(
        params,
        "ImageCacheSize",
        MIN_CACHE_SIZE_GIB..=MAX_CACHE_SIZE_GIB,
        "GiB",
    )
}

fn parse_retention(params: &RpcParams) -> Result<Option<i64>, ApiFailure> {
    parse_int_in(params, "RetentionDays", 1..=MAX_RETENTION_DAYS, "days")
}

// NOTE: the allowed range of StandardCopyCount and FlashCopyCount is undocumented; only a
// positive integer is required here.
fn parse_copy_count(params: &RpcParams, key: &str) -> Result<Option<i64>, ApiFailure> {
    parse_int_in(params, key, 1..=i64::from(u16::MAX), "copies")
}

/// Accepts `true`/`false` in any letter case, because the Python SDK sends `True`/`False`
/// and the documentation writes `true`/`false`.
pub(crate) fn parse_bool(params: &RpcParams, key: &str) -> Result<Option<bool>, ApiFailure> {
    let Some(value) = params.non_empty(key) else {
        return Ok(None);
    };
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(ApiFailure::invalid_parameter(
            key,
            format!("\"{value}\" is not a boolean; use true or false."),
        )),
    }
}

fn parse_elimination_strategy(params: &RpcParams) -> Result<Option<String>, ApiFailure> {
    match params.get("EliminationStrategy") {
        None => Ok(None),
        Some(value) if value.is_empty() || value == "LRU" => Ok(Some(value.to_string())),
        Some(value) => Err(ApiFailure::invalid_parameter(
            "EliminationStrategy",
            format!("\"{value}\" is not supported; use LRU or leave it empty."),
        )),
    }
}

fn parse_vswitches(params: &RpcParams) -> Result<String, ApiFailure> {
    let value = text(params, "VSwitchId");
    let count = value.split(',').filter(|id| !id.trim().is_empty()).count();
    if count > MAX_VSWITCHES {
        return Err(ApiFailure::invalid_parameter(
            "VSwitchId",
            format!(
                "At most {MAX_VSWITCHES} comma-separated vSwitch IDs are allowed, got {count}."
            ),
        ));
    }
    Ok(value)
}

/// Collects the non-empty values of `name.N` (N a positive integer), ordered by N.
pub(crate) fn indexed_values(params: &RpcParams, name: &str) -> BTreeMap<u32, String> {
    let prefix = format!("{name}.");
    params
        .pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .filter_map(|(key, value)| {
            let index: u32 = key.strip_prefix(&prefix)?.parse().ok()?;
            (index >= 1).then(|| (index, value.clone()))
        })
        .collect()
}

/// Collects the non-empty fields of `name.N.Field`, grouped by N in ascending order.
pub(crate) fn indexed_objects(
    params: &RpcParams,
    name: &str,
) -> BTreeMap<u32, BTreeMap<String, String>> {
    let prefix = format!("{name}.");
    let mut objects: BTreeMap<u32, BTreeMap<String, String>> = BTreeMap::new();
    for (key, value) in &params.pairs {
        if value.is_empty() {
            continue;
        }
        let Some(rest) = key.strip_prefix(&prefix) else {
            continue;
        };
        let Some((index, field)) = rest.split_once('.') else {
            continue;
        };
        let Ok(index) = index.parse::<u32>() else {
            continue;
        };
        if index >= 1 {
            objects
                .entry(index)
                .or_default()
                .insert(field.to_string(), value.clone());
        }
    }
    objects
}

fn parse_images(params: &RpcParams) -> Result<Vec<String>, ApiFailure> {
    let images = indexed_values(params, "Image");
    if images.len() > MAX_IMAGES {
        return Err(ApiFailure::invalid_parameter(
            "Image.N",
            format!(
                "At most {MAX_IMAGES} images are allowed, got {}.",
                images.len()
            ),
        ));
    }
    for (index, image) in &images {
        if !has_tag_or_digest(image) {
            return Err(ApiFailure::invalid_parameter(
                &format!("Image.{index}"),
                format!(
                    "The image \"{image}\" needs a tag (name:tag) or a digest (name@sha256:…)."
                ),
            ));
        }
    }
    Ok(images.into_values().collect())
}

/// Returns whether an image reference names a tag or a digest. The tag is the part after a colon in
/// the last path component, so the port in `registry:5000/app` does not count.
pub fn has_tag_or_digest(image: &str) -> bool {
    if let Some((_, digest)) = image.split_once('@') {
        return !digest.is_empty();
    }
    let last_component = image.rsplit('/').next().unwrap_or(image);
    last_component
        .split_once(':')
        .is_some_and(|(name, tag)| !name.is_empty() && !tag.is_empty())
}

fn parse_credentials(params: &RpcParams) -> Result<Vec<RegistryCredential>, ApiFailure> {
    let objects = indexed_objects(params, "ImageRegistryCredential");
    if objects.len() > MAX_REGISTRY_CREDENTIALS {
        return Err(ApiFailure::invalid_parameter(
            "ImageRegistryCredential.N",
            format!(
                "At most {MAX_REGISTRY_CREDENTIALS} registry credentials are allowed, got {}.",
                objects.len()
            ),
        ));
    }
    let mut credentials = Vec::new();
    for (index, mut fields) in objects {
        let key = |field: &str| format!("ImageRegistryCredential.{index}.{field}");
        let server = fields
            .remove("Server")
            .ok_or_else(|| ApiFailure::missing_parameter(&key("Server")))?;
        let lowercase = server.to_ascii_lowercase();
        if lowercase.starts_with("http://") || lowercase.starts_with("https://") {
            return Err(ApiFailure::invalid_parameter(
                &key("Server"),
                format!("Give the registry address without a scheme, not \"{server}\"."),
            ));
        }
        let user_name = fields
            .remove("UserName")
            .ok_or_else(|| ApiFailure::missing_parameter(&key("UserName")))?;
        let password = fields
            .remove("Password")
            .ok_or_else(|| ApiFailure::missing_parameter(&key("Password")))?;
        credentials.push(RegistryCredential {
            server,
            user_name,
            password,
        });
    }
    Ok(credentials)
}

/// Reads `Tag.N.Key`/`Tag.N.Value` (at most 20 tags, N in any order and with gaps) as
/// key and optional value pairs. A tag without a key is `MissingParameter`.
pub fn parse_tag_pairs(params: &RpcParams) -> Result<Vec<(String, Option<String>)>, ApiFailure> {
    let objects = indexed_objects(params, "Tag");
    if objects.len() > MAX_TAGS {
        return Err(ApiFailure::invalid_parameter(
            "Tag.N",
            format!(
                "At most {MAX_TAGS} tags are allowed, got {}.",
                objects.len()
            ),
        ));
    }
    let mut tags = Vec::new();
    for (index, mut fields) in objects {
        let key = fields
            .remove("Key")
            .ok_or_else(|| ApiFailure::missing_parameter(&format!("Tag.{index}.Key")))?;
        tags.push((key, fields.remove("Value")));
    }
    Ok(tags)
}

fn parse_tags(params: &RpcParams) -> Result<Vec<Tag>, ApiFailure> {
    let pairs = parse_tag_pairs(params)?;
    let tags = pairs.into_iter().map(|(key, value)| Tag {
        key,
        value: value.unwrap_or_default(),
    });
    Ok(tags.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use eci_core::signer::Method;

    fn params(pairs: &[(&str, &str)]) -> RpcParams {
        RpcParams {
            method: Method::Get,
            pairs: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn tag_or_digest_rules() {
        assert!(has_tag_or_digest("nginx:1.25"));
        assert!(has_tag_or_digest("registry:5000/ns/app:v1"));
        assert!(has_tag_or_digest("nginx@sha256:abc"));
        assert!(!has_tag_or_digest("nginx"));
        assert!(!has_tag_or_digest("registry:5000/ns/app"));
        assert!(!has_tag_or_digest("nginx:"));
    }

    #[test]
    fn create_defaults() {
        let spec = parse_create(&params(&[
            ("ImageCacheName", "web"),
            ("Image.1", "nginx:1"),
        ]))
        .unwrap();
        assert_eq!(spec.size_gib, 20);
        assert_eq!(spec.retention_days, None);
        assert_eq!(spec.images, vec!["nginx:1".to_string()]);
    }

    #[test]
    fn images_ordered_by_index_not_by_text() {
        let spec = parse_create(&params(&[
            ("ImageCacheName", "web"),
            ("Image.10", "j:1"),
            ("Image.2", "b:1"),
            ("Image.1", "a:1"),
        ]))
        .unwrap();
        assert_eq!(spec.images, vec!["a:1", "b:1", "j:1"]);
    }

    #[test]
    fn tag_value_without_key_is_missing() {
        let failure = parse_create(&params(&[
            ("ImageCacheName", "w"),
            ("Image.1", "a:1"),
            ("Tag.1.Value", "v"),
        ]))
        .unwrap_err();
        assert_eq!(failure.code, "MissingParameter");
        assert!(
            failure.message.contains("\"Tag.1.Key\""),
            "{}",
            failure.message
        );
    }

    #[test]
    fn update_changes_only_what_is_sent() {
        let changes =
            parse_update(&params(&[("ImageCacheSize", "40"), ("Flash", "True")])).unwrap();
        assert_eq!(changes.size_gib, Some(40));
        assert_eq!(changes.flash, Some(true));
        assert_eq!(changes.images, None);
        let mut spec = CacheSpec {
            name: "old".into(),
            size_gib: 20,
            ..Default::default()
        };
        changes.apply(&mut spec);
        assert_eq!(spec.size_gib, 40);
        assert_eq!(spec.name, "old");
        assert!(spec.flash);
    }
}
