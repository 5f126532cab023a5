//! Export of an image cache as Terraform configuration for `alicloud_eci_image_cache` and
//! as an `aliyun eci CreateImageCache` command line.
//!
//! DescribeImageCaches does not return the security group, vSwitch, EIP or registry
//! credentials a cache was made with, so those appear as placeholders to fill in.

use crate::api::ImageCache;

/// Placeholder for a value the API does not return.
pub const NOT_RETURNED: &str = "REPLACE-not-returned-by-the-API";

/// Turns a cache name into a Terraform resource name: lowercase letters, digits and `_`,
/// not starting with a digit.
pub fn terraform_name(cache_name: &str) -> String {
    let mut name: String = cache_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "cache_");
    }
    name
}

/// Quotes a string for HCL.
fn hcl_string(value: &str) -> String {
    let mut quoted = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '$' => quoted.push_str("$$"),
            '%' => quoted.push_str("%%"),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Returns Terraform configuration with an `import` block for the cache's id, so that
/// `terraform plan` adopts the existing cache instead of creating another one.
pub fn terraform_config(cache: &ImageCache) -> String {
    let name = terraform_name(&cache.image_cache_name);
    let images: Vec<String> = cache.images.iter().map(|image| hcl_string(image)).collect();
    let mut lines = vec![
        "import {".to_string(),
        format!("  to = alicloud_eci_image_cache.{name}"),
        format!("  id = {}", hcl_string(&cache.image_cache_id)),
        "}".to_string(),
        String::new(),
        format!("resource \"alicloud_eci_image_cache\" \"{name}\" {{"),
        format!(
            "  image_cache_name  = {}",
            hcl_string(&cache.image_cache_name)
        ),
        format!("  images            = [{}]", images.join(", ")),
        format!(
            "  security_group_id = {} # not returned by the API",
            hcl_string(NOT_RETURNED)
        ),
        format!(
            "  vswitch_id        = {} # not returned by the API",
            hcl_string(NOT_RETURNED)
        ),
    ];
    if let Some(size) = cache.image_cache_size {
        lines.push(format!("  image_cache_size  = {size}"));
    }
    if !cache.resource_group_id.is_empty() {
        lines.push(format!(
            "  resource_group_id = {}",
            hcl_string(&cache.resource_group_id)
        ));
    }
    lines.push("}".to_string());
    lines.join("\n") + "\n"
}

/// Quotes a word for a POSIX shell.
fn shell_word(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=,+".contains(c));
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// Returns the `aliyun` CLI command that creates a cache like this one.
pub fn aliyun_cli_command(cache: &ImageCache, region_id: &str) -> String {
    let mut arguments = vec![
        ("RegionId".to_string(), region_id.to_string()),
        ("ImageCacheName".to_string(), cache.image_cache_name.clone()),
    ];
    for (index, image) in cache.images.iter().enumerate() {
        arguments.push((format!("Image.{}", index + 1), image.clone()));
    }
    arguments.push(("SecurityGroupId".to_string(), NOT_RETURNED.to_string()));
    arguments.push(("VSwitchId".to_string(), NOT_RETURNED.to_string()));
    if let Some(size) = cache.image_cache_size {
        arguments.push(("ImageCacheSize".to_string(), size.to_string()));
    }
    if !cache.resource_group_id.is_empty() {
        arguments.push((
            "ResourceGroupId".to_string(),
            cache.resource_group_id.clone(),
        ));
    }
    let mut command = String::from("aliyun eci CreateImageCache");
    for (name, value) in arguments {
        command.push_str(&format!(" \\\n  --{name} {}", shell_word(&value)));
    }
    command + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> ImageCache {
        ImageCache {
            image_cache_id: "imc-2ze1234567890abcdefg".into(),
            image_cache_name: "web-cache".into(),
            image_cache_size: Some(40),
            images: vec![
                "registry.example.com/ns/nginx:1.25".into(),
                "busybox:1.36".into(),
            ],
            resource_group_id: "rg-acfm123".into(),
            ..ImageCache::default()
        }
    }

    #[test]
    fn terraform_config_text() {
        let expected = r#"import {
  to = alicloud_eci_image_cache.web_cache
  id = "imc-2ze1234567890abcdefg"
}

resource "alicloud_eci_image_cache" "web_cache" {
  image_cache_name  = "web-cache"
  images            = ["registry.example.com/ns/nginx:1.25", "busybox:1.36"]
  security_group_id = "REPLACE-not-returned-by-the-API" # not returned by the API
  vswitch_id        = "REPLACE-not-returned-by-the-API" # not returned by the API
  image_cache_size  = 40
  resource_group_id = "rg-acfm123"
}
"#;
        assert_eq!(terraform_config(&cache()), expected);
    }

    #[test]
    fn cli_command_text() {
        let expected = "aliyun eci CreateImageCache \\
  --RegionId cn-hangzhou \\
  --ImageCacheName web-cache \\
  --Image.1 registry.example.com/ns/nginx:1.25 \\
  --Image.2 busybox:1.36 \\
  --SecurityGroupId REPLACE-not-returned-by-the-API \\
  --VSwitchId REPLACE-not-returned-by-the-API \\
  --ImageCacheSize 40 \\
  --ResourceGroupId rg-acfm123
";
        assert_eq!(aliyun_cli_command(&cache(), "cn-hangzhou"), expected);
    }

    #[test]
    fn quotes_odd_values() {
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(hcl_string("a\"b${x}"), "\"a\\\"b$${x}\"");
        assert_eq!(terraform_name("1 Web"), "cache_1_web");
    }
}
