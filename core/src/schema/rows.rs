//! Fields whose value is a list of rows (registry logins, tags, ACR Enterprise instances):
//! their checks and their flattening to `Name.N.Column` parameters, both driven by the
//! field's [`Column`] table.
//!
//! A row whose cells are all blank is ignored, both by the checks and by the flattening,
//! so an empty row that the form shows for input is never sent.

use std::collections::HashMap;

use super::definition::{Column, ColumnKind, Field, Operation};
use super::rules::{count_of, quote};
use super::values::{AcrRegistry, RegistryCredential};
use super::FieldIssue;
use crate::image_ref::parse_registry_address;
use crate::params::Params;

/// The value of one cell.
pub enum Cell<'a> {
    Text(&'a str),
    List(&'a [String]),
}

/// A row type, whose cells are looked up by [`Column::key`].
pub trait Row {
    /// Returns the cell for `column`; an unknown column is a blank cell.
    fn cell(&self, column: &str) -> Cell<'_>;

    /// Stores the text of the cell for `column`; a list cell takes one entry per line, and
    /// an unknown column is ignored.
    fn set_cell(&mut self, column: &str, text: String);

    /// Returns the text of the cell for `column`, a list cell with one entry per line.
    fn cell_text(&self, column: &str) -> String {
        match self.cell(column) {
            Cell::Text(text) => text.to_string(),
            Cell::List(items) => items.join("\n"),
        }
    }
}

/// Splits text into list entries, one per non-blank line, trimmed.
fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect()
}

impl Row for (String, String) {
    fn cell(&self, column: &str) -> Cell<'_> {
        match column {
            "key" => Cell::Text(&self.0),
            "value" => Cell::Text(&self.1),
            _ => Cell::Text(""),
        }
    }

    fn set_cell(&mut self, column: &str, text: String) {
        match column {
            "key" => self.0 = text,
            "value" => self.1 = text,
            _ => {}
        }
    }
}

impl Row for RegistryCredential {
    fn cell(&self, column: &str) -> Cell<'_> {
        match column {
            "server" => Cell::Text(&self.server),
            "user_name" => Cell::Text(&self.user_name),
            "password" => Cell::Text(self.password.expose()),
            _ => Cell::Text(""),
        }
    }

    fn set_cell(&mut self, column: &str, text: String) {
        match column {
            "server" => self.server = text,
            "user_name" => self.user_name = text,
            // Stored as typed: the service receives a password untrimmed.
            "password" => self.password = crate::request::Secret::new(text),
            _ => {}
        }
    }
}

impl Row for AcrRegistry {
    fn cell(&self, column: &str) -> Cell<'_> {
        match column {
            "instance_id" => Cell::Text(&self.instance_id),
            "instance_name" => Cell::Text(&self.instance_name),
            "region_id" => Cell::Text(&self.region_id),
            "domains" => Cell::List(&self.domains),
            "arn_service" => Cell::Text(&self.arn_service),
            "arn_user" => Cell::Text(&self.arn_user),
            _ => Cell::Text(""),
        }
    }

    fn set_cell(&mut self, column: &str, text: String) {
        match column {
            "instance_id" => self.instance_id = text,
            "instance_name" => self.instance_name = text,
            "region_id" => self.region_id = text,
            "domains" => self.domains = lines_of(&text),
            "arn_service" => self.arn_service = text,
            "arn_user" => self.arn_user = text,
            _ => {}
        }
    }
}

impl Cell<'_> {
    /// Whether the cell is empty. A secret counts as blank only when it is empty, because
    /// it is sent untrimmed.
    fn is_blank(&self, column: &Column) -> bool {
        match self {
            Cell::Text(text) if column.kind == ColumnKind::Secret => text.is_empty(),
            Cell::Text(text) => text.trim().is_empty(),
            Cell::List(items) => items.iter().all(|item| item.trim().is_empty()),
        }
    }
}

fn columns_for(field: &Field, operation: Operation) -> impl Iterator<Item = &'static Column> {
    field
        .columns
        .iter()
        .filter(move |column| column.applies_to(operation))
}

/// Returns the rows that have a value in a column that `operation` sends, each with its
/// 1-based position among all rows.
pub(crate) fn filled_rows<'a, R: Row>(
    field: &Field,
    operation: Operation,
    rows: &'a [R],
) -> Vec<(usize, &'a R)> {
    rows.iter()
        .enumerate()
        .filter(|(_, row)| columns_for(field, operation).any(|c| !row.cell(c.key).is_blank(c)))
        .map(|(index, row)| (index + 1, row))
        .collect()
}

/// Checks the row count, the required and unique columns, and the registry addresses.
pub(crate) fn check_rows<R: Row>(
    field: &Field,
    operation: Operation,
    rows: &[R],
    max_items: Option<usize>,
    issues: &mut Vec<FieldIssue>,
) {
    let filled = filled_rows(field, operation, rows);
    if let Some(max_items) = max_items.filter(|max| filled.len() > *max) {
        issues.push(field.error(format!(
            "{}: {} rows are filled in, but at most {max_items} are allowed; remove {}.",
            field.label,
            filled.len(),
            count_of(filled.len() - max_items, "row")
        )));
    }

    let required: Vec<String> = columns_for(field, operation)
        .filter(|column| column.required)
        .map(|column| column.label.to_lowercase())
        .collect();
    for &(number, row) in &filled {
        for column in columns_for(field, operation) {
            let cell = row.cell(column.key);
            if column.required && cell.is_blank(column) {
                let together = match required.len() {
                    0 | 1 => String::new(),
                    _ => format!("; {} go together", join_and(&required)),
                };
                issues.push(field.error(format!(
                    "{}, row {number}: {} is missing{together}. Fill it in, or clear the row.",
                    field.label, column.label
                )));
                continue;
            }
            check_cell(field, number, column, &cell, issues);
        }
    }

    for column in columns_for(field, operation).filter(|column| column.unique) {
        check_unique(field, column, &filled, issues);
    }
}

fn check_cell(
    field: &Field,
    row_number: usize,
    column: &Column,
    cell: &Cell<'_>,
    issues: &mut Vec<FieldIssue>,
) {
    let mut check_address = |text: &str, place: String| {
        if let Err(error) = parse_registry_address(text) {
            issues.push(field.error(format!(
                "{}, row {row_number}, {place} (`{}`): {error}",
                field.label,
                quote(text)
            )));
        }
    };
    match (column.kind, cell) {
        (ColumnKind::RegistryAddress, Cell::Text(text)) if !text.trim().is_empty() => {
            check_address(text.trim(), column.label.to_string());
        }
        (ColumnKind::RegistryAddressList, Cell::List(items)) => {
            for (index, item) in items.iter().enumerate() {
                if !item.trim().is_empty() {
                    check_address(item.trim(), format!("{} line {}", column.label, index + 1));
                }
            }
        }
        _ => {}
    }
}

fn check_unique<R: Row>(
    field: &Field,
    column: &Column,
    filled: &[(usize, &R)],
    issues: &mut Vec<FieldIssue>,
) {
    let mut first_row: HashMap<String, usize> = HashMap::new();
    for &(number, row) in filled {
        let Cell::Text(text) = row.cell(column.key) else {
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        // Registry host names are case-insensitive; other values are compared as typed.
        let key = match column.kind {
            ColumnKind::RegistryAddress => text.to_ascii_lowercase(),
            _ => text.to_string(),
        };
        if let Some(first) = first_row.get(&key) {
            issues.push(field.error(format!(
                "{}, row {number}: {} `{}` is already used in row {first}; each row needs a \
                 different {}. Change or remove one of the two rows.",
                field.label,
                column.label,
                quote(text),
                column.label.to_lowercase()
            )));
        } else {
            first_row.insert(key, number);
        }
    }
}

/// Adds `Name.N.Column` parameters for the rows, numbering only the rows that have a
/// value. Secrets are sent as typed; other text is trimmed.
pub(crate) fn flatten_rows<R: Row>(
    field: &Field,
    operation: Operation,
    rows: &[R],
    params: &mut Params,
) {
    params.insert_objects(field.api_name, rows, |row| {
        let mut cells = Params::new();
        for column in columns_for(field, operation) {
            match row.cell(column.key) {
                Cell::Text(text) if column.kind == ColumnKind::Secret => {
                    cells.insert(column.api_name, text);
                }
                Cell::Text(text) => {
                    cells.insert(column.api_name, text.trim());
                }
                Cell::List(items) => {
                    let trimmed: Vec<&str> = items.iter().map(|item| item.trim()).collect();
                    cells.insert_list(column.api_name, &trimmed);
                }
            }
        }
        cells
    });
}

/// Joins "a", "b", "c" as "a, b and c".
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_round_trip_through_text() {
        let mut credential = RegistryCredential::default();
        credential.set_cell("server", "registry.example.com".into());
        credential.set_cell("password", " p w ".into());
        credential.set_cell("unknown", "ignored".into());
        assert_eq!(credential.cell_text("server"), "registry.example.com");
        assert_eq!(credential.cell_text("password"), " p w ");
        assert_eq!(credential.cell_text("unknown"), "");

        let mut acr = AcrRegistry::default();
        acr.set_cell("domains", "a.example.com\n\n b.example.com ".into());
        assert_eq!(acr.domains, ["a.example.com", "b.example.com"]);
        assert_eq!(acr.cell_text("domains"), "a.example.com\nb.example.com");

        let mut tag = (String::new(), String::new());
        tag.set_cell("key", "env".into());
        tag.set_cell("value", "test".into());
        assert_eq!(tag, ("env".to_string(), "test".to_string()));
    }
}
