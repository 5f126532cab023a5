//! Service errors shown at the form field they are about, such as
//! `InvalidParameter.ImageCacheSize` at the cache size or `Image.3` at the image list.

use super::definition::{ColumnKind, Field};
use super::rules::quote;
use super::{field_for_api_name, FieldIssue, FIELDS};
use crate::api::{ApiError, ErrorKind};

/// Maximum number of characters of the service's message quoted in a field message.
const SERVICE_MESSAGE_MAX_CHARS: usize = 200;

/// Maps a service error onto the form field it names, or returns `None` when it names no
/// field (signature, throttling, `RegionId` and the like), so the caller shows it in the
/// error banner instead.
///
/// The parameter comes from [`ApiError::kind`] (`InvalidParameter.ImageCacheSize`,
/// `InvalidImageCacheSize`, a quoted `"ImageCacheName"` in the message). Failing that, the
/// code's dot-separated parts and the message's words are searched for a parameter name,
/// as in `ImageCacheSize.Exceeded` or an unquoted `Image.3`. The service's message is
/// quoted, except for fields with a secret column, whose value it might repeat.
pub fn issue_from_api_error(error: &ApiError) -> Option<FieldIssue> {
    let kind = error.kind();
    let (missing, named) = match &kind {
        ErrorKind::MissingParameter { parameter } => (true, parameter.clone()),
        ErrorKind::InvalidParameter { parameter } => (false, parameter.clone()),
        ErrorKind::NotFound | ErrorKind::Other => (false, None),
        _ => return None,
    };

    let (field, parameter) = match named.as_deref().and_then(field_for_parameter) {
        Some(field) => {
            let named = named.unwrap_or_default();
            (field, full_parameter(field, &error.code, &named))
        }
        None => find_parameter_in(&error.code, &error.message)?,
    };

    let place = describe_parameter(field, &parameter);
    let code = if error.code.is_empty() {
        format!("HTTP {}", error.http_status)
    } else {
        error.code.clone()
    };
    let message = if missing {
        format!(
            "{}: the service reports {place} as missing ({code}); fill it in and submit again.",
            field.label
        )
    } else {
        let has_secret = field
            .columns
            .iter()
            .any(|column| column.kind == ColumnKind::Secret);
        let service_message = error.message.trim().trim_end_matches('.');
        let detail = if has_secret || service_message.is_empty() {
            String::new()
        } else {
            format!(": {}", cut(service_message))
        };
        format!(
            "{}: the service rejected {place} ({code}{detail}); correct it and submit again.",
            field.label
        )
    };
    Some(FieldIssue {
        field: field.key,
        severity: super::Severity::Error,
        message,
    })
}

/// Looks up the field of a parameter name: exactly (`Image.3` → images), or as the only
/// field whose API name starts with it (`ResourceGroup` → `ResourceGroupId`).
fn field_for_parameter(parameter: &str) -> Option<&'static Field> {
    if let Some(field) = field_for_api_name(parameter) {
        return Some(field);
    }
    let prefix = parameter.split('.').next().unwrap_or_default();
    if prefix.is_empty() {
        return None;
    }
    let mut matches = FIELDS
        .iter()
        .filter(|field| field.api_name.starts_with(prefix));
    match (matches.next(), matches.next()) {
        (Some(field), None) => Some(field),
        _ => None,
    }
}

/// Returns the parameter to name in the message for `named`, the parameter that
/// [`ApiError::kind`] found. The kind keeps only the first dotted part of a code, so the
/// index comes back from the code (`Image.3` from `InvalidParameter.Image.3`). A partial
/// name (`SecurityGroup` from `InvalidSecurityGroup.NotFound`) becomes the field's API name.
fn full_parameter(field: &Field, code: &str, named: &str) -> String {
    if named.split('.').next() != Some(field.api_name) {
        return field.api_name.to_string();
    }
    indexed_parameter(code, named).unwrap_or_else(|| named.to_string())
}

/// Finds `parameter` followed by a dot and a digit in `code` and returns it with its
/// indexes and columns, as `ImageRegistryCredential.1.Password`.
fn indexed_parameter(code: &str, parameter: &str) -> Option<String> {
    let start = code.find(&format!("{parameter}."))?;
    let rest = &code[start..];
    let after_dot = rest[parameter.len() + 1..].chars().next()?;
    if !after_dot.is_ascii_digit() {
        return None;
    }
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches('.').to_string())
}

/// Searches the code's parts, then the message's words, for a parameter name. A short
/// name that is also an English word (`Image`, `Tag`, `Flash`) counts only with an index
/// (`Image.3`), so prose such as "Image pull failed" matches nothing.
fn find_parameter_in(code: &str, message: &str) -> Option<(&'static Field, String)> {
    let code_parts = code.split('.');
    let words = message
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .map(|word| word.trim_matches('.'));
    code_parts.chain(words).find_map(|token| {
        let field = field_for_api_name(token)?;
        let has_index = token.len() > field.api_name.len();
        let is_compound = field
            .api_name
            .chars()
            .filter(char::is_ascii_uppercase)
            .count()
            > 1;
        (token.starts_with(field.api_name) && (has_index || is_compound))
            .then(|| (field, token.to_string()))
    })
}

/// Describes a parameter for a message: "`ImageCacheSize`", "entry 3 (`Image.3`)",
/// "row 1, Server (`ImageRegistryCredential.1.Server`)".
fn describe_parameter(field: &Field, parameter: &str) -> String {
    let rest = parameter.strip_prefix(field.api_name).unwrap_or_default();
    let parts: Vec<&str> = rest.split('.').filter(|part| !part.is_empty()).collect();
    let quoted = format!("`{}`", quote(parameter));
    match parts.as_slice() {
        [index] if index.bytes().all(|b| b.is_ascii_digit()) => format!("entry {index} ({quoted})"),
        [index, column, ..] if index.bytes().all(|b| b.is_ascii_digit()) => {
            match field.columns.iter().find(|c| c.api_name == *column) {
                Some(column) => format!("row {index}, {} ({quoted})", column.label),
                None => format!("row {index} ({quoted})"),
            }
        }
        _ => quoted,
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= SERVICE_MESSAGE_MAX_CHARS {
        return text.to_string();
    }
    let truncated: String = text.chars().take(SERVICE_MESSAGE_MAX_CHARS - 1).collect();
    format!("{truncated}…")
}
