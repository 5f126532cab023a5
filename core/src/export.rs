//! Export of an image cache as Terraform configuration for `alicloud_eci_image_cache` and
//! as an `aliyun eci CreateImageCache` command line.
//!
//! DescribeImageCaches does not return the security group, vSwitch, EIP, retention period
//! or registry credentials a cache was made with. When the form values the cache was
//! created with are at hand, the export takes those values from them. Otherwise the
//! security group and vSwitch, which CreateImageCache requires, appear as placeholders.
//! Registry passwords are replaced by a placeholder unless the caller requests them.

use crate::api::ImageCache;
use crate::list::image_set;
use crate::params::Params;
use crate::schema::{self, FieldValue, FormValues};

/// Placeholder for a value the API does not return.
pub const NOT_RETURNED: &str = "REPLACE-not-returned-by-the-API";

/// Placeholder for a registry password that the export leaves out.
pub const PASSWORD_PLACEHOLDER: &str = "REPLACE-registry-password";

/// Form keys of the values that DescribeImageCaches returns for every cache. The resource
/// group is returned too, but only when the cache has one.
pub const DESCRIBED_KEYS: [&str; 5] = [
    "image_cache_name",
    "images",
    "image_cache_size",
    "tags",
    "elimination_strategy",
];

/// Arguments of `alicloud_eci_image_cache` that take one string or number, in the order
/// the export writes them, with the CreateImageCache parameter each one comes from.
/// `images` and the `image_registry_credential` blocks are written apart.
const TERRAFORM_ARGUMENTS: [(&str, &str); 8] = [
    ("image_cache_name", "ImageCacheName"),
    ("security_group_id", "SecurityGroupId"),
    ("vswitch_id", "VSwitchId"),
    ("zone_id", "ZoneId"),
    ("eip_instance_id", "EipInstanceId"),
    ("image_cache_size", "ImageCacheSize"),
    ("retention_days", "RetentionDays"),
    ("resource_group_id", "ResourceGroupId"),
];

/// Arguments that Terraform writes without quotes.
const TERRAFORM_NUMBERS: [&str; 2] = ["image_cache_size", "retention_days"];

/// Width of the longest argument name, `security_group_id`, to which `=` is aligned as
/// `terraform fmt` aligns it.
const TERRAFORM_KEY_WIDTH: usize = 17;

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

/// Returns the form values that a described cache implies: its name, images (as a set, one
/// per line), size, tags and elimination strategy, and its resource group when it has one.
/// Every other field is left blank, because DescribeImageCaches does not return it.
pub fn described_values(cache: &ImageCache) -> FormValues {
    let mut values = FormValues::new();
    values.set_text("image_cache_name", cache.image_cache_name.as_str());
    values.set_text("images", image_set(&cache.images).join("\n"));
    if let Some(size) = cache.image_cache_size {
        values.set_text("image_cache_size", size.to_string());
    }
    let tags = cache
        .tags
        .iter()
        .map(|tag| (tag.key.as_str(), tag.value.as_str()));
    values.set_tags("tags", tags);
    if !cache.elimination_strategy.is_empty() {
        values.set_text("elimination_strategy", cache.elimination_strategy.as_str());
    }
    if !cache.resource_group_id.is_empty() {
        values.set_text("resource_group_id", cache.resource_group_id.as_str());
    }
    values
}

/// Returns the values an export writes: the form values the cache was created with, when
/// known, with every value DescribeImageCaches returns replaced by the cache's current one,
/// since an update may have changed it. Registry passwords become [`PASSWORD_PLACEHOLDER`]
/// unless `include_passwords` is set, and a blank security group or vSwitch becomes
/// [`NOT_RETURNED`].
pub fn export_values(
    cache: &ImageCache,
    form: Option<&FormValues>,
    include_passwords: bool,
) -> FormValues {
    let mut values = form.cloned().unwrap_or_default();
    let described = described_values(cache);
    let mut described_keys = DESCRIBED_KEYS.to_vec();
    described_keys.push("resource_group_id");
    for key in described_keys {
        match described.get(key) {
            Some(value) => {
                values.set(schema_key(key), value.clone());
            }
            // The service returns an empty strategy for a cache without one.
            None if key == "elimination_strategy" => {
                values.remove(key);
            }
            None => {}
        }
    }
    if !include_passwords {
        mask_passwords(&mut values);
    }
    for key in ["security_group_id", "vswitch_id"] {
        if values.text(key).is_empty() {
            values.set_text(schema_key(key), NOT_RETURNED);
        }
    }
    values
}

/// Returns the `'static` key of the schema field `key`, as [`FormValues`] stores it.
fn schema_key(key: &str) -> &'static str {
    schema::field(key)
        .map(|field| field.key)
        .unwrap_or_else(|| panic!("the schema has no field {key}"))
}

/// Replaces every non-empty registry password with [`PASSWORD_PLACEHOLDER`].
fn mask_passwords(values: &mut FormValues) {
    let key = schema_key("image_registry_credential");
    let Some(FieldValue::Credentials(rows)) = values.get(key) else {
        return;
    };
    let mut rows = rows.clone();
    for row in &mut rows {
        if !row.password.is_empty() {
            row.password = crate::request::Secret::new(PASSWORD_PLACEHOLDER);
        }
    }
    values.set_credentials(key, rows);
}

/// Returns Terraform configuration with an `import` block for the cache's id, so that
/// `terraform plan` adopts the existing cache instead of creating another one. Values the
/// API does not return appear as placeholders.
pub fn terraform_config(cache: &ImageCache) -> String {
    terraform_config_with_form(cache, None, false)
}

/// Returns Terraform configuration like [`terraform_config`], taking the values that the
/// API does not return from `form` (the values the cache was created with) when given.
pub fn terraform_config_with_form(
    cache: &ImageCache,
    form: Option<&FormValues>,
    include_passwords: bool,
) -> String {
    let values = export_values(cache, form, include_passwords);
    let params = schema::create_params(&values);
    let name = terraform_name(&cache.image_cache_name);
    let mut lines = vec![
        "import {".to_string(),
        format!("  to = alicloud_eci_image_cache.{name}"),
        format!("  id = {}", hcl_string(&cache.image_cache_id)),
        "}".to_string(),
        String::new(),
        format!("resource \"alicloud_eci_image_cache\" \"{name}\" {{"),
    ];
    for (argument, api_name) in TERRAFORM_ARGUMENTS {
        if let Some(value) = params.get(api_name) {
            lines.push(terraform_argument(argument, value));
        }
        if argument == "image_cache_name" {
            lines.push(terraform_images(&params));
        }
    }
    lines.extend(terraform_credentials(&params));
    lines.extend(terraform_leftovers(&params));
    lines.push("}".to_string());
    lines.join("\n") + "\n"
}

fn terraform_argument(argument: &str, value: &str) -> String {
    let rendered = if TERRAFORM_NUMBERS.contains(&argument) {
        value.to_string()
    } else {
        hcl_string(value)
    };
    let comment = if value == NOT_RETURNED {
        " # not returned by the API"
    } else {
        ""
    };
    format!("  {argument:<TERRAFORM_KEY_WIDTH$} = {rendered}{comment}")
}

fn terraform_images(params: &Params) -> String {
    let images: Vec<&str> = numbered(params, "Image", "");
    let quoted: Vec<String> = image_set(&images).iter().map(|i| hcl_string(i)).collect();
    format!(
        "  {:<TERRAFORM_KEY_WIDTH$} = [{}]",
        "images",
        quoted.join(", ")
    )
}

/// Returns the values of `{prefix}.1{suffix}`, `{prefix}.2{suffix}`, … up to the first gap.
fn numbered<'a>(params: &'a Params, prefix: &str, suffix: &str) -> Vec<&'a str> {
    (1..)
        .map_while(|index| params.get(&format!("{prefix}.{index}{suffix}")))
        .collect()
}

/// Returns one `image_registry_credential` block per registry login.
fn terraform_credentials(params: &Params) -> Vec<String> {
    let mut lines = Vec::new();
    for index in 1.. {
        let cell = |column: &str| params.get(&format!("ImageRegistryCredential.{index}.{column}"));
        let (server, user_name, password) = (cell("Server"), cell("UserName"), cell("Password"));
        if server.is_none() && user_name.is_none() && password.is_none() {
            break;
        }
        lines.push(String::new());
        lines.push("  image_registry_credential {".to_string());
        for (argument, value) in [
            ("server", server),
            ("user_name", user_name),
            ("password", password),
        ] {
            let Some(value) = value else {
                continue;
            };
            let comment = if value == PASSWORD_PLACEHOLDER {
                " # left out of the export"
            } else {
                ""
            };
            lines.push(format!(
                "    {argument:<9} = {}{comment}",
                hcl_string(value)
            ));
        }
        lines.push("  }".to_string());
    }
    lines
}

/// Returns comment lines for the parameters that `alicloud_eci_image_cache` has no
/// argument for (tags, elimination strategy, ACR instances and the like), so that the
/// configuration does not silently drop them.
fn terraform_leftovers(params: &Params) -> Vec<String> {
    let covered = |name: &str| {
        TERRAFORM_ARGUMENTS
            .iter()
            .any(|(_, api_name)| *api_name == name)
            || name.starts_with("Image.")
            || name.starts_with("ImageRegistryCredential.")
    };
    let leftovers: Vec<String> = params
        .pairs()
        .iter()
        .filter(|(name, _)| !covered(name))
        .map(|(name, value)| format!("  #   {name} = {}", hcl_string(value)))
        .collect();
    if leftovers.is_empty() {
        return leftovers;
    }
    let mut lines = vec![
        String::new(),
        "  # Settings of this cache that alicloud_eci_image_cache has no argument for:".into(),
    ];
    lines.extend(leftovers);
    lines
}

/// Returns the `aliyun` CLI command that creates a cache like this one, with placeholders
/// for the values the API does not return.
pub fn aliyun_cli_command(cache: &ImageCache, region_id: &str) -> String {
    aliyun_cli_command_with_form(cache, None, region_id, false)
}

/// Returns the `aliyun` CLI command like [`aliyun_cli_command`], taking the values that
/// the API does not return from `form` when given. The parameters come in the order of the
/// schema's field table.
pub fn aliyun_cli_command_with_form(
    cache: &ImageCache,
    form: Option<&FormValues>,
    region_id: &str,
    include_passwords: bool,
) -> String {
    let values = export_values(cache, form, include_passwords);
    let params = schema::create_params(&values);
    let mut command = String::from("aliyun eci CreateImageCache");
    let region = ("RegionId".to_string(), region_id.to_string());
    for (name, value) in std::iter::once(&region).chain(params.pairs()) {
        command.push_str(&format!(" \\\n  --{name} {}", shell_word(value)));
    }
    command + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Tag;
    use crate::schema::RegistryCredential;

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

    /// Returns the values a create form contained for [`cache`], with a registry login.
    fn form() -> FormValues {
        let mut form = FormValues::new();
        form.set_text("image_cache_name", "web-cache")
            .set_text("images", "busybox:1.36\nregistry.example.com/ns/nginx:1.25")
            .set_text("image_cache_size", "40")
            .set_text("retention_days", "7")
            .set_text("security_group_id", "sg-2ze0web")
            .set_text("vswitch_id", "vsw-2ze0a, vsw-2ze0b")
            .set_text("eip_instance_id", "eip-2ze0pub")
            .set_credentials(
                "image_registry_credential",
                [RegistryCredential::new(
                    "registry.example.com",
                    "deploy",
                    "pa$$ 'word'",
                )],
            );
        form
    }

    #[test]
    fn terraform_config_text() {
        let expected = r#"import {
  to = alicloud_eci_image_cache.web_cache
  id = "imc-2ze1234567890abcdefg"
}

resource "alicloud_eci_image_cache" "web_cache" {
  image_cache_name  = "web-cache"
  images            = ["busybox:1.36", "registry.example.com/ns/nginx:1.25"]
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
  --Image.1 busybox:1.36 \\
  --Image.2 registry.example.com/ns/nginx:1.25 \\
  --ImageCacheSize 40 \\
  --SecurityGroupId REPLACE-not-returned-by-the-API \\
  --VSwitchId REPLACE-not-returned-by-the-API \\
  --ResourceGroupId rg-acfm123
";
        assert_eq!(aliyun_cli_command(&cache(), "cn-hangzhou"), expected);
    }

    #[test]
    fn terraform_with_form_hides_password() {
        let expected = r#"import {
  to = alicloud_eci_image_cache.web_cache
  id = "imc-2ze1234567890abcdefg"
}

resource "alicloud_eci_image_cache" "web_cache" {
  image_cache_name  = "web-cache"
  images            = ["busybox:1.36", "registry.example.com/ns/nginx:1.25"]
  security_group_id = "sg-2ze0web"
  vswitch_id        = "vsw-2ze0a,vsw-2ze0b"
  eip_instance_id   = "eip-2ze0pub"
  image_cache_size  = 40
  retention_days    = 7
  resource_group_id = "rg-acfm123"

  image_registry_credential {
    server    = "registry.example.com"
    user_name = "deploy"
    password  = "REPLACE-registry-password" # left out of the export
  }
}
"#;
        let text = terraform_config_with_form(&cache(), Some(&form()), false);
        assert_eq!(text, expected);
        assert!(!text.contains("'word'"), "the password leaked: {text}");
    }

    #[test]
    fn terraform_with_form_includes_password() {
        let text = terraform_config_with_form(&cache(), Some(&form()), true);
        assert!(
            text.contains("    password  = \"pa$$$$ 'word'\"\n"),
            "the password is missing or badly quoted: {text}"
        );
        assert!(!text.contains(PASSWORD_PLACEHOLDER));
    }

    #[test]
    fn cli_with_form_hides_password() {
        let expected = "aliyun eci CreateImageCache \\
  --RegionId cn-hangzhou \\
  --ImageCacheName web-cache \\
  --Image.1 busybox:1.36 \\
  --Image.2 registry.example.com/ns/nginx:1.25 \\
  --ImageCacheSize 40 \\
  --RetentionDays 7 \\
  --SecurityGroupId sg-2ze0web \\
  --VSwitchId vsw-2ze0a,vsw-2ze0b \\
  --EipInstanceId eip-2ze0pub \\
  --ImageRegistryCredential.1.Server registry.example.com \\
  --ImageRegistryCredential.1.UserName deploy \\
  --ImageRegistryCredential.1.Password REPLACE-registry-password \\
  --ResourceGroupId rg-acfm123
";
        let command = aliyun_cli_command_with_form(&cache(), Some(&form()), "cn-hangzhou", false);
        assert_eq!(command, expected);
    }

    #[test]
    fn cli_with_form_includes_password() {
        let command = aliyun_cli_command_with_form(&cache(), Some(&form()), "cn-hangzhou", true);
        assert!(
            command.contains("  --ImageRegistryCredential.1.Password 'pa$$ '\\''word'\\''' \\\n"),
            "the password is missing or badly quoted: {command}"
        );
    }

    #[test]
    fn described_values_override_form() {
        let mut current = cache();
        current.image_cache_name = "web-cache-renamed".into();
        current.images = vec!["busybox:1.37".into()];
        current.tags = vec![Tag {
            key: "env".into(),
            value: "prod".into(),
        }];
        current.elimination_strategy = "LRU".into();
        let values = export_values(&current, Some(&form()), false);
        assert_eq!(values.text("image_cache_name"), "web-cache-renamed");
        assert_eq!(values.text("images"), "busybox:1.37");
        assert_eq!(values.text("security_group_id"), "sg-2ze0web");
        assert_eq!(values.text("elimination_strategy"), "LRU");
        assert_eq!(
            values.get("tags"),
            Some(&FieldValue::Tags(vec![("env".into(), "prod".into())]))
        );
    }

    #[test]
    fn terraform_lists_settings_without_argument() {
        let mut current = cache();
        current.tags = vec![Tag {
            key: "env".into(),
            value: "prod".into(),
        }];
        current.elimination_strategy = "LRU".into();
        let text = terraform_config(&current);
        let expected_tail = r#"  resource_group_id = "rg-acfm123"

  # Settings of this cache that alicloud_eci_image_cache has no argument for:
  #   Tag.1.Key = "env"
  #   Tag.1.Value = "prod"
  #   EliminationStrategy = "LRU"
}
"#;
        assert!(text.ends_with(expected_tail), "{text}");
    }

    #[test]
    fn described_values_of_cache() {
        let values = described_values(&cache());
        assert_eq!(values.text("image_cache_name"), "web-cache");
        assert_eq!(
            values.text("images"),
            "busybox:1.36\nregistry.example.com/ns/nginx:1.25"
        );
        assert_eq!(values.text("image_cache_size"), "40");
        assert_eq!(values.text("resource_group_id"), "rg-acfm123");
        assert_eq!(values.get("elimination_strategy"), None);
        assert_eq!(values.get("security_group_id"), None);
        assert_eq!(values.get("tags"), Some(&FieldValue::Tags(Vec::new())));
    }

    #[test]
    fn quotes_odd_values() {
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(hcl_string("a\"b${x}"), "\"a\\\"b$${x}\"");
        assert_eq!(terraform_name("1 Web"), "cache_1_web");
    }
}
