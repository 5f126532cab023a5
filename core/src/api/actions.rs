//! Parameters of the image-cache actions, flattened for signing.

use crate::params::Params;

pub const CREATE_IMAGE_CACHE: &str = "CreateImageCache";
pub const DESCRIBE_IMAGE_CACHES: &str = "DescribeImageCaches";
pub const UPDATE_IMAGE_CACHE: &str = "UpdateImageCache";
pub const DELETE_IMAGE_CACHE: &str = "DeleteImageCache";

/// Page size the console asks DescribeImageCaches for.
// NOTE: the maximum `Limit` is not documented (an older page says 20 records per query),
// so the console asks for 20 and follows `NextToken` for the rest.
pub const DESCRIBE_PAGE_SIZE: u32 = 20;

/// Server-side filters of DescribeImageCaches. Empty filters are not sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DescribeFilter {
    pub image_cache_id: String,
    pub image_cache_name: String,
    pub image: String,
    pub snapshot_id: String,
    pub resource_group_id: String,
}

impl DescribeFilter {
    pub fn by_id(image_cache_id: impl Into<String>) -> Self {
        Self {
            image_cache_id: image_cache_id.into(),
            ..Self::default()
        }
    }
}

/// Parameters of one DescribeImageCaches page.
pub fn describe_params(filter: &DescribeFilter, next_token: &str, limit: u32) -> Params {
    let mut params = Params::new();
    params
        .insert("ImageCacheId", filter.image_cache_id.trim())
        .insert("ImageCacheName", filter.image_cache_name.trim())
        .insert("Image", filter.image.trim())
        .insert("SnapshotId", filter.snapshot_id.trim())
        .insert("ResourceGroupId", filter.resource_group_id.trim())
        .insert("Limit", limit.to_string())
        .insert("NextToken", next_token);
    params
}

/// Parameters of DeleteImageCache.
pub fn delete_params(image_cache_id: &str, client_token: &str) -> Params {
    let mut params = Params::new();
    params
        .insert("ImageCacheId", image_cache_id)
        .insert("ClientToken", client_token);
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_skips_blank_filters() {
        let filter = DescribeFilter {
            image_cache_name: " web ".into(),
            ..Default::default()
        };
        let params = describe_params(&filter, "", 20);
        assert_eq!(params.get("ImageCacheName"), Some("web"));
        assert_eq!(params.get("ImageCacheId"), None);
        assert_eq!(params.get("NextToken"), None);
        assert_eq!(params.get("Limit"), Some("20"));
    }

    #[test]
    fn describe_carries_next_token() {
        let params = describe_params(&DescribeFilter::by_id("imc-1"), "token-2", 20);
        assert_eq!(params.get("ImageCacheId"), Some("imc-1"));
        assert_eq!(params.get("NextToken"), Some("token-2"));
    }

    #[test]
    fn delete_names_the_cache() {
        let params = delete_params("imc-1", "");
        assert_eq!(
            params.pairs(),
            &[("ImageCacheId".to_string(), "imc-1".to_string())]
        );
    }
}
