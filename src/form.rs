//! State of the create form between keystrokes: which findings are shown, and how each
//! input reads and writes the [`FieldValue`] of its field.
//!
//! The rules themselves are `eci_core::schema`; this module only decides when a finding
//! becomes visible. A field's findings show once the user has typed in it, and after a
//! submit attempt every finding of the form shows.

use std::collections::BTreeSet;

use eci_core::schema::{
    self, AcrRegistry, Column, Field, FieldIssue, FieldKind, FieldValue, FormValues, Operation,
    RegistryCredential, Row, Severity, FIELDS,
};

/// Returns the findings to show for the `operation` form as it is now. Errors show at a
/// field once the user has typed in it. Warnings show as soon as any field was typed in,
/// because some belong to a field the user may never touch (the EIP an image needs).
pub fn visible_issues(
    operation: Operation,
    values: &FormValues,
    touched: &BTreeSet<&'static str>,
    submitted: bool,
) -> Vec<FieldIssue> {
    let all = schema::validate_for(operation, values);
    if submitted {
        return all;
    }
    let is_shown = |issue: &FieldIssue| {
        let warning = issue.severity == Severity::Warning && !touched.is_empty();
        touched.contains(issue.field) || warning
    };
    all.into_iter().filter(is_shown).collect()
}

/// Splits a message into plain text and the spans it quotes in backticks, which the page
/// shows as code. Each part is flagged as code or text, and an unpaired backtick stays
/// text.
pub fn code_spans(message: &str) -> Vec<(bool, String)> {
    let pieces: Vec<&str> = message.split('`').collect();
    if pieces.len() % 2 == 0 {
        return vec![(false, message.to_string())];
    }
    let parts = pieces
        .iter()
        .enumerate()
        .map(|(index, piece)| (index % 2 == 1, piece.to_string()));
    parts.filter(|(_, text)| !text.is_empty()).collect()
}

/// Returns the messages of `severity` about the field `key`.
pub fn messages_for(issues: &[FieldIssue], key: &str, severity: Severity) -> Vec<String> {
    issues
        .iter()
        .filter(|issue| issue.field == key && issue.severity == severity)
        .map(|issue| issue.message.clone())
        .collect()
}

/// Returns the text of a text-like field (text, number, id list, image lines), untrimmed,
/// or an empty string.
pub fn text_value(values: &FormValues, key: &str) -> String {
    match values.get(key) {
        Some(FieldValue::Text(text)) => text.clone(),
        Some(FieldValue::List(items)) => items.join("\n"),
        _ => String::new(),
    }
}

/// Returns the state of a checkbox field; a field never set is unchecked.
pub fn bool_value(values: &FormValues, key: &str) -> bool {
    matches!(values.get(key), Some(FieldValue::Bool(true)))
}

/// Returns the number of rows of a row-valued field.
pub fn row_count(values: &FormValues, key: &str) -> usize {
    match values.get(key) {
        Some(FieldValue::Tags(rows)) => rows.len(),
        Some(FieldValue::Credentials(rows)) => rows.len(),
        Some(FieldValue::AcrRegistries(rows)) => rows.len(),
        _ => 0,
    }
}

/// Returns the text of one cell; a list cell is shown one entry per line.
pub fn cell_text(values: &FormValues, key: &str, index: usize, column: &Column) -> String {
    match values.get(key) {
        Some(FieldValue::Tags(rows)) => rows.get(index).map(|row| row.cell_text(column.key)),
        Some(FieldValue::Credentials(rows)) => rows.get(index).map(|row| row.cell_text(column.key)),
        Some(FieldValue::AcrRegistries(rows)) => {
            rows.get(index).map(|row| row.cell_text(column.key))
        }
        _ => None,
    }
    .unwrap_or_default()
}

/// Stores the text of one cell. A list cell takes one entry per line; a secret cell is
/// stored as typed, because the service receives it untrimmed.
pub fn set_cell(
    values: &mut FormValues,
    field: &'static Field,
    index: usize,
    column: &Column,
    text: String,
) {
    let mut rows = rows_or_empty(values, field);
    let row: Option<&mut dyn Row> = match &mut rows {
        FieldValue::Tags(rows) => rows.get_mut(index).map(|row| row as &mut dyn Row),
        FieldValue::Credentials(rows) => rows.get_mut(index).map(|row| row as &mut dyn Row),
        FieldValue::AcrRegistries(rows) => rows.get_mut(index).map(|row| row as &mut dyn Row),
        _ => return,
    };
    if let Some(row) = row {
        row.set_cell(column.key, text);
    }
    values.set(field.key, rows);
}

/// Appends a blank row to a row-valued field.
pub fn add_row(values: &mut FormValues, field: &'static Field) {
    let mut rows = rows_or_empty(values, field);
    match &mut rows {
        FieldValue::Tags(rows) => rows.push(Default::default()),
        FieldValue::Credentials(rows) => rows.push(RegistryCredential::default()),
        FieldValue::AcrRegistries(rows) => rows.push(AcrRegistry::default()),
        _ => return,
    }
    values.set(field.key, rows);
}

/// Removes row `index` of a row-valued field; the rows after it move up.
pub fn remove_row(values: &mut FormValues, field: &'static Field, index: usize) {
    let mut rows = rows_or_empty(values, field);
    match &mut rows {
        FieldValue::Tags(rows) if index < rows.len() => drop(rows.remove(index)),
        FieldValue::Credentials(rows) if index < rows.len() => drop(rows.remove(index)),
        FieldValue::AcrRegistries(rows) if index < rows.len() => drop(rows.remove(index)),
        _ => return,
    }
    values.set(field.key, rows);
}

/// Returns the field's rows, or no rows of the variant its kind holds.
fn rows_or_empty(values: &FormValues, field: &Field) -> FieldValue {
    let existing = values.get(field.key).filter(|value| {
        matches!(
            value,
            FieldValue::Tags(_) | FieldValue::Credentials(_) | FieldValue::AcrRegistries(_)
        )
    });
    if let Some(rows) = existing {
        return rows.clone();
    }
    match field.kind {
        FieldKind::Tags { .. } => FieldValue::Tags(Vec::new()),
        FieldKind::Credentials { .. } => FieldValue::Credentials(Vec::new()),
        FieldKind::AcrRegistries => FieldValue::AcrRegistries(Vec::new()),
        _ => FieldValue::Text(String::new()),
    }
}

/// Returns every registry password typed into the form, so that error details can hide
/// them.
pub fn registry_passwords(values: &FormValues) -> Vec<String> {
    FIELDS
        .iter()
        .filter_map(|field| match values.get(field.key) {
            Some(FieldValue::Credentials(rows)) => Some(rows),
            _ => None,
        })
        .flatten()
        .map(|row| row.password.expose().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touched(keys: &[&'static str]) -> BTreeSet<&'static str> {
        keys.iter().copied().collect()
    }

    fn field(key: &str) -> &'static Field {
        schema::field(key).unwrap_or_else(|| panic!("the schema has no field {key}"))
    }

    #[test]
    fn eip_warning_shows_with_images_touched() {
        let mut values = FormValues::new();
        values.set_list("images", ["nginx:1.25"]);
        let issues = visible_issues(Operation::Create, &values, &touched(&["images"]), false);
        let warnings = messages_for(&issues, "eip_instance_id", Severity::Warning);
        assert_eq!(warnings.len(), 1, "{issues:?}");
        let errors = messages_for(&issues, "security_group_id", Severity::Error);
        assert!(
            errors.is_empty(),
            "an untouched field shows no error: {issues:?}"
        );
    }

    #[test]
    fn backticks_become_code_spans() {
        let parts = code_spans("Use `registry.example.com` instead.");
        assert_eq!(
            parts,
            [
                (false, "Use ".to_string()),
                (true, "registry.example.com".to_string()),
                (false, " instead.".to_string()),
            ]
        );
        assert_eq!(code_spans("a ` b"), [(false, "a ` b".to_string())]);
        assert_eq!(code_spans("`LRU`"), [(true, "LRU".to_string())]);
    }

    #[test]
    fn untouched_form_shows_nothing() {
        let issues = visible_issues(Operation::Create, &FormValues::new(), &touched(&[]), false);
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn touched_blank_required_field_shows_error() {
        let mut values = FormValues::new();
        values.set_text("image_cache_name", "  ");
        let issues = visible_issues(
            Operation::Create,
            &values,
            &touched(&["image_cache_name"]),
            false,
        );
        let errors = messages_for(&issues, "image_cache_name", Severity::Error);
        assert_eq!(errors.len(), 1, "{issues:?}");
        assert!(errors[0].contains("Name"), "{}", errors[0]);
        assert!(messages_for(&issues, "images", Severity::Error).is_empty());
    }

    #[test]
    fn submit_shows_every_required_field() {
        let issues = visible_issues(Operation::Create, &FormValues::new(), &touched(&[]), true);
        for key in [
            "image_cache_name",
            "images",
            "security_group_id",
            "vswitch_id",
        ] {
            assert!(
                !messages_for(&issues, key, Severity::Error).is_empty(),
                "{key}: {issues:?}"
            );
        }
        assert!(!schema::is_submittable(&issues));
    }

    #[test]
    fn update_submit_requires_only_name() {
        let issues = visible_issues(Operation::Update, &FormValues::new(), &touched(&[]), true);
        assert_eq!(
            messages_for(&issues, "image_cache_name", Severity::Error).len(),
            1,
            "{issues:?}"
        );
        for key in ["images", "security_group_id", "vswitch_id"] {
            assert!(
                messages_for(&issues, key, Severity::Error).is_empty(),
                "{key}: {issues:?}"
            );
        }
    }

    #[test]
    fn tag_rows_edit_by_column() {
        let tags = field("tags");
        let mut values = FormValues::new();
        add_row(&mut values, tags);
        add_row(&mut values, tags);
        set_cell(
            &mut values,
            tags,
            1,
            tags.column("key").unwrap(),
            "env".into(),
        );
        set_cell(
            &mut values,
            tags,
            1,
            tags.column("value").unwrap(),
            "test".into(),
        );
        assert_eq!(row_count(&values, "tags"), 2);
        assert_eq!(
            cell_text(&values, "tags", 1, tags.column("key").unwrap()),
            "env"
        );
        remove_row(&mut values, tags, 0);
        assert_eq!(row_count(&values, "tags"), 1);
        assert_eq!(
            cell_text(&values, "tags", 0, tags.column("value").unwrap()),
            "test"
        );
    }

    #[test]
    fn credential_password_is_kept_untrimmed() {
        let logins = field("image_registry_credential");
        let password = logins.column("password").unwrap();
        let mut values = FormValues::new();
        add_row(&mut values, logins);
        set_cell(&mut values, logins, 0, password, " p w ".into());
        assert_eq!(cell_text(&values, logins.key, 0, password), " p w ");
        assert_eq!(registry_passwords(&values), [" p w "]);
    }

    #[test]
    fn acr_domains_are_one_per_line() {
        let acr = field("acr_registry_info");
        let domains = acr.column("domains").unwrap();
        let mut values = FormValues::new();
        add_row(&mut values, acr);
        set_cell(
            &mut values,
            acr,
            0,
            domains,
            "a.example.com\n\nb.example.com".into(),
        );
        assert_eq!(
            cell_text(&values, acr.key, 0, domains),
            "a.example.com\nb.example.com"
        );
    }

    #[test]
    fn other_kinds_read_as_empty() {
        let values = FormValues::new();
        assert_eq!(text_value(&values, "missing"), "");
        assert!(!bool_value(&values, "missing"));
        assert_eq!(row_count(&values, "tags"), 0);
    }
}
