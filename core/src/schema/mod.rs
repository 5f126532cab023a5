//! The image-cache resource as data: one definition per argument ([`FIELDS`]), from which
//! the console derives its create and update forms, their validation, their help texts
//! and the flattening into API parameters.

mod definition;
mod fields;
mod flatten;
mod images;
mod rows;
mod rules;
mod server_errors;
mod values;

pub use definition::{Column, ColumnKind, Field, FieldKind, Group, Operation};
pub use fields::FIELDS;
pub use rows::{Cell, Row};
pub use server_errors::issue_from_api_error;
pub use values::{AcrRegistry, FieldValue, FormValues, RegistryCredential};

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

/// Checks the CreateImageCache form and returns the findings, errors and warnings alike.
pub fn validate(values: &FormValues) -> Vec<FieldIssue> {
    validate_for(Operation::Create, values)
}

/// Checks every field that `operation` sends, and the rules that span fields (a public
/// registry with no EIP), for the form's submit button.
pub fn validate_for(operation: Operation, values: &FormValues) -> Vec<FieldIssue> {
    let mut issues: Vec<FieldIssue> = FIELDS
        .iter()
        .flat_map(|field| field.validate_for(operation, values.get(field.key)))
        .collect();
    issues.extend(cross_field_issues(operation, values));
    issues
}

/// Checks one field as the user types: its own rules, plus the findings of rules that
/// span fields and are shown at this one. An unknown key has no findings.
pub fn validate_field(operation: Operation, key: &str, values: &FormValues) -> Vec<FieldIssue> {
    let Some(field) = field(key) else {
        return Vec::new();
    };
    let mut issues = field.validate_for(operation, values.get(field.key));
    issues.extend(cross_field_issues(operation, values).filter(|issue| issue.field == key));
    issues
}

fn cross_field_issues(
    operation: Operation,
    values: &FormValues,
) -> impl Iterator<Item = FieldIssue> {
    images::public_registry_warning(operation, values).into_iter()
}

/// Whether the form may be submitted: no finding is an error.
pub fn is_submittable(issues: &[FieldIssue]) -> bool {
    issues.iter().all(|issue| issue.severity != Severity::Error)
}

/// Flattens the form into CreateImageCache parameters.
pub fn create_params(values: &FormValues) -> Params {
    let mut params = Params::new();
    for field in FIELDS {
        field.flatten_for(Operation::Create, values.get(field.key), &mut params);
    }
    params
}

/// Flattens the fields UpdateImageCache accepts into its parameters for `image_cache_id`.
pub fn update_params(image_cache_id: &str, values: &FormValues) -> Params {
    let mut params = Params::new();
    params.insert("ImageCacheId", image_cache_id);
    for field in FIELDS {
        field.flatten_for(Operation::Update, values.get(field.key), &mut params);
    }
    params
}
