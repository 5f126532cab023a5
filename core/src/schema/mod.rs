//! The image-cache resource as data: one definition per argument, from which the console
//! derives its create and update forms, their validation, their help texts and the
//! flattening into API parameters.

mod fields;
mod values;

pub use fields::{Field, FieldKind, Group, FIELDS};
pub use values::{FieldValue, FormValues, RegistryCredential};

use crate::params::Params;

/// How serious a validation finding is: an error blocks the request, a warning is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A validation finding about one field: the message names the field, the rule and the fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldIssue {
    /// [`Field::key`] of the field the finding is about.
    pub field: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// Looks a field up by its key.
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|field| field.key == key)
}

/// Looks up the field that an API parameter belongs to (`Image.3` → `images`,
/// `ImageRegistryCredential.1.Server` → `image_registry_credential`), so a server-side
/// error can be shown at the field it names.
pub fn field_for_api_name(api_name: &str) -> Option<&'static Field> {
    let prefix = api_name.split('.').next().unwrap_or(api_name);
    FIELDS.iter().find(|field| field.api_name == prefix)
}

/// Checks every field and returns the findings, errors and warnings alike.
pub fn validate(values: &FormValues) -> Vec<FieldIssue> {
    FIELDS.iter().flat_map(|field| field.validate(values.get(field.key))).collect()
}

/// Whether the form may be submitted: no finding is an error.
pub fn is_submittable(issues: &[FieldIssue]) -> bool {
    issues.iter().all(|issue| issue.severity != Severity::Error)
}

/// Flattens the form into CreateImageCache parameters.
pub fn create_params(values: &FormValues) -> Params {
    let mut params = Params::new();
    for field in FIELDS.iter().filter(|field| field.on_create) {
        field.flatten(values.get(field.key), &mut params);
    }
    params
}

/// Flattens the fields UpdateImageCache accepts into its parameters for `image_cache_id`.
pub fn update_params(image_cache_id: &str, values: &FormValues) -> Params {
    let mut params = Params::new();
    params.insert("ImageCacheId", image_cache_id);
    for field in FIELDS.iter().filter(|field| field.updatable) {
        field.flatten(values.get(field.key), &mut params);
    }
    params
}
