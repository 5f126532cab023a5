//! Response bodies. Every field is optional on the way in: the service omits empty fields,
//! and a console must show what it gets rather than fail on a missing value.

use serde::de::{DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// Accepts an integer sent as a JSON number or as a numeric string. Anything else is
/// `None`: a fraction, a number beyond the range of `i64`, text that is not a whole number,
/// a boolean, an object. A whole number written as a float (`20.0`) counts.
fn lenient_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Number(number) => number.as_i64().or_else(|| {
            // `i64::MAX as f64` rounds up to 2^63, which is already out of range.
            number
                .as_f64()
                .filter(|value| value.fract() == 0.0)
                .filter(|value| *value >= i64::MIN as f64 && *value < i64::MAX as f64)
                .map(|value| value as i64)
        }),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    })
}

/// Returns a JSON value as text: a string as it is, `null` as empty, and a number, a
/// boolean, an array or an object as its JSON text, so the console shows what it got.
fn text_of(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// Accepts any JSON value where text is expected; see [`text_of`].
fn lenient_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Value::deserialize(deserializer).map(text_of)
}

/// Accepts a JSON array of any values where a list of text is expected. `null`, for the
/// list or for an entry, is empty; other entries are converted by [`text_of`].
fn lenient_strings<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let items = Option::<Vec<Value>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items
        .into_iter()
        .filter(|item| !item.is_null())
        .map(text_of)
        .collect())
}

/// Accepts a JSON array where a list of objects is expected, or `null` for an empty list.
/// A `null` entry is skipped; an entry of another type fails the whole response, because
/// the body is then not the service's.
fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let items = Option::<Vec<Option<T>>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items.into_iter().flatten().collect())
}

/// A deserializer that reads a struct only from a JSON object. Serde's derived code also
/// reads a struct from a JSON array, filling the fields in order, so that `[]` would pass
/// as an empty response.
struct ObjectOnly<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Implements `Serialize` and `Deserialize` for a type whose derives carry
/// `#[serde(remote = "Self")]`: serializing is the derived one, and deserializing is the
/// derived one restricted to a JSON object by [`ObjectOnly`]. With `remote = "Self"` the
/// derives emit inherent `serialize` and `deserialize` functions instead of the trait
/// impls; `serde_json::from_str` and other generic callers use the trait impls below.
macro_rules! object_only_serde {
    ($($type:ty),* $(,)?) => {$(
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                <$type>::serialize(self, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$type>::deserialize(ObjectOnly(deserializer))
            }
        }
    )*};
}

object_only_serde!(
    Tag,
    Event,
    ImageCache,
    DescribeImageCachesResponse,
    CreateImageCacheResponse,
    RequestIdResponse,
);

/// One tag of a cache (`Key`/`Value`, as ECI spells them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "PascalCase", default)]
pub struct Tag {
    #[serde(deserialize_with = "lenient_string")]
    pub key: String,
    #[serde(deserialize_with = "lenient_string")]
    pub value: String,
}

/// An event of the temporary instance that builds a cache.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "PascalCase", default)]
pub struct Event {
    #[serde(deserialize_with = "lenient_int")]
    pub count: Option<i64>,
    #[serde(deserialize_with = "lenient_string")]
    pub name: String,
    /// `Normal` or `Warning`.
    #[serde(rename = "Type", deserialize_with = "lenient_string")]
    pub event_type: String,
    #[serde(deserialize_with = "lenient_string")]
    pub reason: String,
    #[serde(deserialize_with = "lenient_string")]
    pub message: String,
    #[serde(deserialize_with = "lenient_string")]
    pub first_timestamp: String,
    #[serde(deserialize_with = "lenient_string")]
    pub last_timestamp: String,
}

/// An image cache as DescribeImageCaches returns it. The service does not return the
/// security group, vSwitch, EIP or registry credentials the cache was created with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "PascalCase", default)]
pub struct ImageCache {
    #[serde(deserialize_with = "lenient_string")]
    pub image_cache_id: String,
    #[serde(deserialize_with = "lenient_string")]
    pub image_cache_name: String,
    /// Size in GiB.
    #[serde(deserialize_with = "lenient_int")]
    pub image_cache_size: Option<i64>,
    #[serde(deserialize_with = "lenient_string")]
    pub status: String,
    /// Build progress as the service formats it, such as `"45%"`.
    #[serde(deserialize_with = "lenient_string")]
    pub progress: String,
    #[serde(deserialize_with = "lenient_strings")]
    pub images: Vec<String>,
    #[serde(deserialize_with = "lenient_list")]
    pub events: Vec<Event>,
    #[serde(deserialize_with = "lenient_string")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient_string")]
    pub expire_date_time: String,
    #[serde(deserialize_with = "lenient_string")]
    pub last_matched_time: String,
    #[serde(deserialize_with = "lenient_string")]
    pub snapshot_id: String,
    #[serde(deserialize_with = "lenient_string")]
    pub flash_snapshot_id: String,
    #[serde(deserialize_with = "lenient_string")]
    pub container_group_id: String,
    #[serde(deserialize_with = "lenient_string")]
    pub elimination_strategy: String,
    #[serde(deserialize_with = "lenient_string")]
    pub region_id: String,
    #[serde(deserialize_with = "lenient_string")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "lenient_list")]
    pub tags: Vec<Tag>,
}

impl ImageCache {
    pub fn status(&self) -> CacheStatus {
        CacheStatus::parse(&self.status)
    }
}

/// Body of a DescribeImageCaches response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "PascalCase", default)]
pub struct DescribeImageCachesResponse {
    #[serde(deserialize_with = "lenient_string")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient_int")]
    pub total_count: Option<i64>,
    /// Token of the next page. The end marker is not documented, so both an empty string
    /// and an absent field mean "no more pages".
    #[serde(deserialize_with = "lenient_string")]
    pub next_token: String,
    #[serde(deserialize_with = "lenient_list")]
    pub image_caches: Vec<ImageCache>,
}

/// Body of a CreateImageCache response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "PascalCase", default)]
pub struct CreateImageCacheResponse {
    #[serde(deserialize_with = "lenient_string")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient_string")]
    pub image_cache_id: String,
    /// The temporary instance that builds the cache.
    #[serde(deserialize_with = "lenient_string")]
    pub container_group_id: String,
}

/// Body of the responses that carry only a request id (UpdateImageCache, DeleteImageCache).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "PascalCase", default)]
pub struct RequestIdResponse {
    #[serde(deserialize_with = "lenient_string")]
    pub request_id: String,
}

/// Status of an image cache. Only `Ready` caches can be used by instances.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheStatus {
    Preparing,
    Creating,
    Ready,
    Failed,
    Updating,
    UpdateFailed,
    /// A value this console does not know, shown as the service sent it.
    Other(String),
}

impl CacheStatus {
    pub fn parse(value: &str) -> Self {
        match value {
            "Preparing" => Self::Preparing,
            "Creating" => Self::Creating,
            "Ready" => Self::Ready,
            "Failed" => Self::Failed,
            "Updating" => Self::Updating,
            "UpdateFailed" => Self::UpdateFailed,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Preparing => "Preparing",
            Self::Creating => "Creating",
            Self::Ready => "Ready",
            Self::Failed => "Failed",
            Self::Updating => "Updating",
            Self::UpdateFailed => "UpdateFailed",
            Self::Other(value) => value,
        }
    }

    /// Returns whether the service is still working on the cache, so the console keeps polling.
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Preparing | Self::Creating | Self::Updating)
    }

    /// Returns whether UpdateImageCache accepts a cache in this status.
    pub fn allows_update(&self) -> bool {
        matches!(self, Self::Ready | Self::UpdateFailed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documented_describe_example() {
        let body = r#"{
          "RequestId": "00000000-0000-0000-0000-000000000000",
          "TotalCount": 1,
          "NextToken": "",
          "ImageCaches": [{
            "ImageCacheId": "imc-xxxxxxxxxxxxxxxx", "ImageCacheName": "web-cache",
            "ImageCacheSize": 20, "Status": "Ready", "Progress": "100%",
            "Images": ["registry-vpc.cn-hangzhou.aliyuncs.com/ns/nginx:1.25"],
            "Events": [{"Count": 1, "Name": "web-cache.0000000000000000", "Type": "Normal",
              "Reason": "Created", "Message": "placeholder message",
              "FirstTimestamp": "2024-01-01T00:01:00Z", "LastTimestamp": "2024-01-01T00:01:00Z"}],
            "CreationTime": "2024-01-01T00:00:00Z", "ExpireDateTime": "2024-01-08T00:00:00Z",
            "LastMatchedTime": "2024-01-02T00:00:00Z", "SnapshotId": "s-xxxxxxxxxxxxxxxx",
            "FlashSnapshotId": "", "ContainerGroupId": "eci-xxxxxxxxxxxxxxxx",
            "EliminationStrategy": "", "RegionId": "cn-hangzhou",
            "ResourceGroupId": "rg-xxxxxxxxxxxxxxxx", "Tags": [{"Key": "env", "Value": "test"}]
          }]
        }"#;
        let response: DescribeImageCachesResponse = serde_json::from_str(body).unwrap();
        assert_eq!(response.total_count, Some(1));
        assert_eq!(response.next_token, "");
        let cache = &response.image_caches[0];
        assert_eq!(cache.image_cache_id, "imc-xxxxxxxxxxxxxxxx");
        assert_eq!(cache.image_cache_size, Some(20));
        assert_eq!(cache.status(), CacheStatus::Ready);
        assert_eq!(cache.events[0].event_type, "Normal");
        assert_eq!(cache.events[0].count, Some(1));
        assert_eq!(
            cache.tags,
            vec![Tag {
                key: "env".into(),
                value: "test".into()
            }]
        );
    }

    #[test]
    fn tolerates_missing_and_odd_fields() {
        let body = r#"{"RequestId":"r","ImageCaches":[{"ImageCacheId":"imc-1",
            "ImageCacheSize":"40","Status":"Deleting","NextField":true,"Progress":null}]}"#;
        let response: DescribeImageCachesResponse = serde_json::from_str(body).unwrap();
        assert_eq!(response.next_token, "");
        assert_eq!(response.total_count, None);
        let cache = &response.image_caches[0];
        assert_eq!(cache.image_cache_size, Some(40));
        assert_eq!(cache.status(), CacheStatus::Other("Deleting".into()));
        assert_eq!(cache.progress, "");
    }

    #[test]
    fn status_rules() {
        assert!(CacheStatus::parse("Creating").is_pending());
        assert!(!CacheStatus::parse("Failed").is_pending());
        assert!(CacheStatus::parse("UpdateFailed").allows_update());
        assert!(!CacheStatus::parse("Creating").allows_update());
    }
}
