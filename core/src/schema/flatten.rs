//! Flattening of form values into API parameters. A blank value is never sent.

use super::definition::{Field, FieldKind, Operation};
use super::rows::flatten_rows;
use super::rules::{entries, parse_whole_number, WholeNumber};
use super::values::FieldValue;
use crate::params::Params;

impl Field {
    /// Adds this field's CreateImageCache parameters for `value` to `params`.
    pub fn flatten(&self, value: Option<&FieldValue>, params: &mut Params) {
        self.flatten_for(Operation::Create, value, params);
    }

    /// Adds this field's parameters for `operation` to `params`: nothing when the
    /// operation does not take the field, and only the row columns the operation takes.
    pub fn flatten_for(
        &self,
        operation: Operation,
        value: Option<&FieldValue>,
        params: &mut Params,
    ) {
        if !self.applies_to(operation) {
            return;
        }
        let Some(value) = value else {
            return;
        };
        match (self.kind, value) {
            (FieldKind::Integer { .. }, FieldValue::Text(text)) => {
                // `+20` and `020` go out as `20`. Validation blocks text that is not a
                // number, so sending it as typed only matters when validation was skipped.
                let text = text.trim();
                match parse_whole_number(text) {
                    WholeNumber::Valid(number) => params.insert(self.api_name, number.to_string()),
                    _ => params.insert(self.api_name, text),
                };
            }
            (FieldKind::IdList { .. } | FieldKind::RegistryAddresses, _) => {
                let items: Vec<&str> = entries(value, ',').into_iter().map(|(_, v)| v).collect();
                params.insert(self.api_name, items.join(","));
            }
            (FieldKind::Images { .. }, FieldValue::Text(_)) => {
                let items: Vec<&str> = entries(value, '\n').into_iter().map(|(_, v)| v).collect();
                params.insert_list(self.api_name, &items);
            }
            (_, FieldValue::Text(text)) => {
                params.insert(self.api_name, text.trim());
            }
            (_, FieldValue::Bool(flag)) => {
                params.insert_bool(self.api_name, Some(*flag));
            }
            (_, FieldValue::List(items)) => {
                let trimmed: Vec<&str> = items.iter().map(|item| item.trim()).collect();
                params.insert_list(self.api_name, &trimmed);
            }
            (_, FieldValue::Tags(rows)) => flatten_rows(self, operation, rows, params),
            (_, FieldValue::Credentials(rows)) => flatten_rows(self, operation, rows, params),
            (_, FieldValue::AcrRegistries(rows)) => flatten_rows(self, operation, rows, params),
        }
    }
}
