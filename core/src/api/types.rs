//! Response bodies. Every field is optional on the way in: the service omits empty fields,
//! and a console must show what it gets rather than fail on a missing value.

use serde::{Deserialize, Deserializer, Serialize};

/// Accepts an integer sent either as a JSON number or as a numeric string.
fn lenient_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Number {
        Int(i64),
        Float(f64),
        Text(String),
    }
    Ok(match Option::<Number>::deserialize(deserializer)? {
        Some(Number::Int(value)) => Some(value),
        Some(Number::Float(value)) => Some(value as i64),
        Some(Number::Text(text)) => text.trim().parse().ok(),
        None => None,
    })
}

/// Accepts a JSON string or `null`, treating `null` as empty.
fn lenient_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// One tag of a cache (`Key`/`Value`, as ECI spells them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tag {
    #[serde(deserialize_with = "lenient_string")]
    pub key: String,
    #[serde(deserialize_with = "lenient_string")]
    pub value: String,
}

/// An event of the temporary instance that builds a cache.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
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
#[serde(rename_all = "PascalCase", default)]
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
    pub images: Vec<String>,
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
    pub tags: Vec<Tag>,
}

impl ImageCache {
    pub fn status(&self) -> CacheStatus {
        CacheStatus::parse(&self.status)
    }
}

/// Body of a DescribeImageCaches response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeImageCachesResponse {
    #[serde(deserialize_with = "lenient_string")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient_int")]
    pub total_count: Option<i64>,
    /// Token of the next page. The end marker is not documented, so both an empty string
    /// and an absent field mean "no more pages".
    #[serde(deserialize_with = "lenient_string")]
    pub next_token: String,
    pub image_caches: Vec<ImageCache>,
}

/// Body of a CreateImageCache response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
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
#[serde(rename_all = "PascalCase", default)]
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

    /// Whether the service is still working on the cache, so the console keeps polling.
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Preparing | Self::Creating | Self::Updating)
    }

    /// Whether UpdateImageCache accepts a cache in this status.
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
