//! The definition of every argument of the image-cache resource.

use super::values::FieldValue;
use super::{FieldIssue, Severity};
use crate::params::Params;

/// The section of the form a field appears in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Basic,
    Network,
    Registry,
    Advanced,
}

/// What a field holds, with its limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text; `id_prefix` is the prefix a resource id must start with (`sg-`).
    Text { id_prefix: Option<&'static str> },
    /// A whole number in `min..=max`.
    Integer { min: i64, max: i64 },
    Bool,
    /// A list of container image references, each with a tag or digest.
    Images { max_items: usize },
    /// Registry logins (`ImageRegistryCredential.N.Server/UserName/Password`).
    Credentials { max_items: usize },
    /// Tags (`Tag.N.Key/Value`).
    Tags { max_items: usize },
}

/// One argument of the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Argument name in Terraform's `alicloud_eci_image_cache`, used as the form key.
    pub key: &'static str,
    pub label: &'static str,
    /// API parameter name, or the list prefix for list fields (`Image` for `Image.N`).
    pub api_name: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// Value the service uses when the field is left blank, as shown to the user.
    pub default: Option<&'static str>,
    /// Sent with CreateImageCache.
    pub on_create: bool,
    /// UpdateImageCache can change it.
    pub updatable: bool,
    pub group: Group,
    pub help: &'static str,
}

/// Every field of the resource, in form order.
pub static FIELDS: &[Field] = &[
    Field {
        key: "image_cache_name",
        label: "Name",
        api_name: "ImageCacheName",
        kind: FieldKind::Text { id_prefix: None },
        required: true,
        default: None,
        on_create: true,
        updatable: true,
        group: Group::Basic,
        help: "Name of the image cache.",
    },
    Field {
        key: "images",
        label: "Images",
        api_name: "Image",
        kind: FieldKind::Images { max_items: 20 },
        required: true,
        default: None,
        on_create: true,
        updatable: true,
        group: Group::Basic,
        help: "Container images to cache, one per line, each with a tag or digest.",
    },
    Field {
        key: "security_group_id",
        label: "Security group ID",
        api_name: "SecurityGroupId",
        kind: FieldKind::Text { id_prefix: Some("sg-") },
        required: true,
        default: None,
        on_create: true,
        updatable: true,
        group: Group::Network,
        help: "Security group of the temporary instance that pulls the images.",
    },
    Field {
        key: "vswitch_id",
        label: "vSwitch ID",
        api_name: "VSwitchId",
        kind: FieldKind::Text { id_prefix: Some("vsw-") },
        required: true,
        default: None,
        on_create: true,
        updatable: true,
        group: Group::Network,
        help: "vSwitch of the temporary instance that pulls the images.",
    },
];

impl Field {
    /// Checks one value against this field's rules.
    pub fn validate(&self, value: Option<&FieldValue>) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        if self.required && is_blank(value) {
            issues.push(FieldIssue {
                field: self.key,
                severity: Severity::Error,
                message: format!("{} is required.", self.label),
            });
        }
        issues
    }

    /// Adds this field's API parameters for `value` to `params`.
    pub fn flatten(&self, value: Option<&FieldValue>, params: &mut Params) {
        match value {
            Some(FieldValue::Text(text)) => {
                params.insert(self.api_name, text.trim());
            }
            Some(FieldValue::Bool(flag)) => {
                params.insert_bool(self.api_name, Some(*flag));
            }
            Some(FieldValue::List(items)) => {
                let trimmed: Vec<&str> = items.iter().map(|item| item.trim()).collect();
                params.insert_list(self.api_name, &trimmed);
            }
            Some(FieldValue::Tags(tags)) => {
                params.insert_objects(self.api_name, tags, |(key, value)| {
                    let mut fields = Params::new();
                    fields.insert("Key", key.trim()).insert("Value", value.trim());
                    fields
                });
            }
            Some(FieldValue::Credentials(credentials)) => {
                params.insert_objects(self.api_name, credentials, |credential| {
                    let mut fields = Params::new();
                    fields
                        .insert("Server", credential.server.trim())
                        .insert("UserName", credential.user_name.trim())
                        .insert("Password", credential.password.expose());
                    fields
                });
            }
            None => {}
        }
    }
}

fn is_blank(value: Option<&FieldValue>) -> bool {
    match value {
        None => true,
        Some(FieldValue::Text(text)) => text.trim().is_empty(),
        Some(FieldValue::Bool(_)) => false,
        Some(FieldValue::List(items)) => items.iter().all(|item| item.trim().is_empty()),
        Some(FieldValue::Tags(tags)) => tags.is_empty(),
        Some(FieldValue::Credentials(credentials)) => credentials.is_empty(),
    }
}
