//! Per-field validation: dispatches on the field's kind and checks text, ids, numbers and
//! choices here; images and row-valued fields have their own modules.

use std::collections::HashMap;

use super::definition::{quoted_list, Field, FieldKind, Operation};
use super::values::FieldValue;
use super::{images, rows, FieldIssue, Severity};
use crate::image_ref::parse_registry_address;

/// Maximum number of characters of a value quoted in a message. Longer values are cut and
/// end with `…`.
const QUOTE_MAX_CHARS: usize = 60;

impl Field {
    /// Checks one value against this field's rules for CreateImageCache.
    pub fn validate(&self, value: Option<&FieldValue>) -> Vec<FieldIssue> {
        self.validate_for(Operation::Create, value)
    }

    /// Checks one value against this field's rules for `operation`. A field that the
    /// operation does not send has no findings.
    pub fn validate_for(
        &self,
        operation: Operation,
        value: Option<&FieldValue>,
    ) -> Vec<FieldIssue> {
        let mut issues = Vec::new();
        if !self.applies_to(operation) {
            return issues;
        }
        let value = match value {
            Some(value) if !is_blank(self, operation, value) => value,
            _ => {
                if self.is_required(operation) {
                    issues.push(self.error(format!(
                        "{} is required; {}.",
                        self.label,
                        required_fix(self.kind)
                    )));
                }
                return issues;
            }
        };

        match (self.kind, value) {
            (
                FieldKind::Text {
                    id_prefix: Some(prefix),
                },
                FieldValue::Text(text),
            ) => {
                let text = text.trim();
                if let Some(ids) = several_ids(prefix, text) {
                    issues.push(self.error(format!(
                        "{} takes one ID, but `{}` lists {}; keep one of them.",
                        self.label,
                        quote(text),
                        ids.len()
                    )));
                } else if let Some(message) = check_id(prefix, text) {
                    issues.push(self.error(format!("{} {message}", self.label)));
                }
            }
            (FieldKind::Text { id_prefix: None }, FieldValue::Text(_)) => {}
            (FieldKind::Integer { min, max }, FieldValue::Text(text)) => {
                issues.extend(self.check_integer(min, max, text.trim()));
            }
            (FieldKind::Bool, FieldValue::Bool(_)) => {}
            (FieldKind::Images { max_items }, FieldValue::List(_) | FieldValue::Text(_)) => {
                images::check_images(self, &entries(value, '\n'), max_items, &mut issues);
            }
            (
                FieldKind::IdList {
                    id_prefix,
                    max_items,
                },
                FieldValue::Text(_) | FieldValue::List(_),
            ) => {
                self.check_id_list(id_prefix, max_items, &entries(value, ','), &mut issues);
            }
            (FieldKind::RegistryAddresses, FieldValue::Text(_) | FieldValue::List(_)) => {
                self.check_registry_addresses(&entries(value, ','), &mut issues);
            }
            (FieldKind::Choice { options }, FieldValue::Text(text)) => {
                issues.extend(self.check_choice(options, text.trim()));
            }
            (FieldKind::Credentials { max_items }, FieldValue::Credentials(list)) => {
                rows::check_rows(self, operation, list, Some(max_items), &mut issues);
            }
            (FieldKind::Tags { max_items }, FieldValue::Tags(list)) => {
                rows::check_rows(self, operation, list, Some(max_items), &mut issues);
            }
            (FieldKind::AcrRegistries, FieldValue::AcrRegistries(list)) => {
                rows::check_rows(self, operation, list, None, &mut issues);
            }
            _ => issues.push(self.error(format!(
                "{} holds a value of the wrong type for this field, which is a bug in the form; \
                 reload the page and fill the field in again.",
                self.label
            ))),
        }
        issues
    }

    pub(crate) fn error(&self, message: String) -> FieldIssue {
        FieldIssue {
            field: self.key,
            severity: Severity::Error,
            message,
        }
    }

    pub(crate) fn warning(&self, message: String) -> FieldIssue {
        FieldIssue {
            field: self.key,
            severity: Severity::Warning,
            message,
        }
    }

    fn check_integer(&self, min: i64, max: i64, text: &str) -> Option<FieldIssue> {
        let unit = self.unit_suffix();
        let blank = match (self.required, self.default) {
            (true, _) => String::new(),
            (false, Some(default)) => format!(", or leave it blank for the default ({default})"),
            (false, None) => ", or leave it blank".to_string(),
        };
        match parse_whole_number(text) {
            WholeNumber::Valid(number) if (min..=max).contains(&number) => None,
            WholeNumber::Valid(_) | WholeNumber::TooLarge => Some(self.error(format!(
                "{} must be between {min} and {max}{unit}; enter a whole number in that \
                 range{blank}.",
                self.label
            ))),
            WholeNumber::Invalid if has_other_digits(text) => Some(self.error(format!(
                "{} must be written with the ASCII digits 0-9, but `{}` contains other digits; \
                 enter a whole number between {min} and {max}{unit}{blank}.",
                self.label,
                quote(text)
            ))),
            WholeNumber::Invalid => Some(self.error(format!(
                "{} must be a whole number, but `{}` is not; enter a whole number between \
                 {min} and {max}{unit}{blank}.",
                self.label,
                quote(text)
            ))),
        }
    }

    fn check_id_list(
        &self,
        prefix: &str,
        max_items: usize,
        ids: &[(usize, &str)],
        issues: &mut Vec<FieldIssue>,
    ) {
        if ids.len() > max_items {
            let excess = ids.len() - max_items;
            issues.push(self.error(format!(
                "{}: {} IDs are listed, but at most {max_items} are allowed; remove {}.",
                self.label,
                ids.len(),
                count_of(excess, "ID")
            )));
        }
        for (number, id) in ids {
            if let Some(several) = several_ids(prefix, id) {
                issues.push(self.error(format!(
                    "{}, entry {number}: `{}` lists {} IDs, but IDs are separated by commas. Use \
                     `{}`.",
                    self.label,
                    quote(id),
                    several.len(),
                    quote(&several.join(","))
                )));
            } else if let Some(message) = check_id(prefix, id) {
                issues.push(self.error(format!("{}, entry {number} {message}", self.label)));
            }
        }
        issues.extend(self.duplicates(ids, |id| id.to_string()));
    }

    fn check_registry_addresses(&self, addresses: &[(usize, &str)], issues: &mut Vec<FieldIssue>) {
        for (number, address) in addresses {
            if let Err(error) = parse_registry_address(address) {
                issues.push(self.error(format!(
                    "{}, entry {number} (`{}`): {error}",
                    self.label,
                    quote(address)
                )));
            }
        }
        issues.extend(self.duplicates(addresses, |address| address.to_ascii_lowercase()));
    }

    fn check_choice(&self, options: &[&str], text: &str) -> Option<FieldIssue> {
        if options.contains(&text) {
            return None;
        }
        let options = quoted_list(options);
        Some(self.error(format!(
            "{} must be {options} or blank; `{}` is not. Choose {options}, or clear the field.",
            self.label,
            quote(text)
        )))
    }

    /// Reports each entry whose `key` equals that of an earlier entry.
    fn duplicates(
        &self,
        entries: &[(usize, &str)],
        key: impl Fn(&str) -> String,
    ) -> Vec<FieldIssue> {
        let mut first_seen: HashMap<String, usize> = HashMap::new();
        let mut issues = Vec::new();
        for (number, entry) in entries {
            if let Some(first) = first_seen.get(&key(entry)) {
                issues.push(self.error(format!(
                    "{}, entry {number}: `{}` repeats entry {first}; remove one of them.",
                    self.label,
                    quote(entry)
                )));
            } else {
                first_seen.insert(key(entry), *number);
            }
        }
        issues
    }
}

/// Whether the value counts as not filled in: blank text, only blank entries, or only
/// blank rows.
pub(crate) fn is_blank(field: &Field, operation: Operation, value: &FieldValue) -> bool {
    match value {
        FieldValue::Text(text) => text.trim().is_empty(),
        FieldValue::Bool(_) => false,
        FieldValue::List(items) => items.iter().all(|item| item.trim().is_empty()),
        FieldValue::Tags(list) => rows::filled_rows(field, operation, list).is_empty(),
        FieldValue::Credentials(list) => rows::filled_rows(field, operation, list).is_empty(),
        FieldValue::AcrRegistries(list) => rows::filled_rows(field, operation, list).is_empty(),
    }
}

/// Returns the non-blank entries of a list value, trimmed, with their 1-based position
/// among all entries (blank ones included, so it matches the line or entry the form
/// shows). Text is split at `separator`.
pub(crate) fn entries(value: &FieldValue, separator: char) -> Vec<(usize, &str)> {
    let raw: Vec<&str> = match value {
        FieldValue::Text(text) => text.split(separator).collect(),
        FieldValue::List(items) => items.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    raw.into_iter()
        .enumerate()
        .map(|(index, entry)| (index + 1, entry.trim()))
        .filter(|(_, entry)| !entry.is_empty())
        .collect()
}

fn required_fix(kind: FieldKind) -> String {
    match kind {
        FieldKind::Text {
            id_prefix: Some(prefix),
        } => {
            format!("enter an ID that starts with `{prefix}`")
        }
        FieldKind::IdList { id_prefix, .. } => {
            format!("enter one or more IDs that start with `{id_prefix}`, separated by commas")
        }
        FieldKind::Images { .. } => {
            "enter at least one image with a tag or digest, such as `nginx:1.25`".to_string()
        }
        FieldKind::Credentials { .. } | FieldKind::Tags { .. } | FieldKind::AcrRegistries => {
            "fill in at least one row".to_string()
        }
        _ => "enter a value".to_string(),
    }
}

/// Checks a resource id: `prefix` followed by ASCII letters and digits. Returns the rest
/// of a message that starts with the field's label.
// NOTE: the length and alphabet of ids after the prefix are not documented, so any
// non-empty run of letters and digits is accepted.
fn check_id(prefix: &str, id: &str) -> Option<String> {
    let valid = id
        .strip_prefix(prefix)
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric()));
    (!valid).then(|| {
        format!(
            "must be `{prefix}` followed by letters and digits; `{}` is not. Copy the ID from \
             the console.",
            quote(id)
        )
    })
}

/// Whether `c` separates values typed into one box: a comma, a semicolon (also their
/// full-width and ideographic forms) or whitespace.
pub(crate) fn is_value_separator(c: char) -> bool {
    matches!(c, ',' | ';' | '，' | '；' | '、') || c.is_whitespace()
}

/// Returns the IDs in `text` when it is two or more valid IDs separated by
/// [`is_value_separator`], as when several IDs are pasted into a box that takes one.
fn several_ids<'a>(prefix: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let ids: Vec<&str> = text
        .split(is_value_separator)
        .filter(|id| !id.is_empty())
        .collect();
    let all_valid = ids.iter().all(|id| check_id(prefix, id).is_none());
    (ids.len() > 1 && all_valid).then_some(ids)
}

/// Whether `text` contains a digit outside ASCII, such as the full-width `１` of an input
/// method for Chinese or Japanese, or an Arabic-Indic digit.
fn has_other_digits(text: &str) -> bool {
    text.chars().any(|c| !c.is_ascii() && c.is_numeric())
}

/// A number typed into a text box.
pub(crate) enum WholeNumber {
    Valid(i64),
    /// Digits only, but beyond the range of `i64`.
    TooLarge,
    Invalid,
}

/// Parses an optionally signed run of ASCII digits (`20`, `+20`, `-1`, `020`).
pub(crate) fn parse_whole_number(text: &str) -> WholeNumber {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return WholeNumber::Invalid;
    }
    match text.parse::<i64>() {
        Ok(number) => WholeNumber::Valid(number),
        Err(_) => WholeNumber::TooLarge,
    }
}

/// Returns `text` for quoting in a message, cut to [`QUOTE_MAX_CHARS`] characters.
pub(crate) fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE_MAX_CHARS {
        return text.to_string();
    }
    let truncated: String = text.chars().take(QUOTE_MAX_CHARS - 1).collect();
    format!("{truncated}…")
}

/// Returns "1 image", "2 images".
pub(crate) fn count_of(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
