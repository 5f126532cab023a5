//! Values the user typed into a form, keyed by [`super::Field::key`].

use std::collections::BTreeMap;

use crate::request::Secret;

/// A registry login for a private image registry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegistryCredential {
    /// Registry address without a scheme, such as `registry.example.com:5000`.
    pub server: String,
    pub user_name: String,
    pub password: Secret,
}

/// The value of one field as the form holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// Text, numbers included, as typed (validation parses it).
    Text(String),
    Bool(bool),
    /// One entry per line or per row.
    List(Vec<String>),
    /// Key and value rows.
    Tags(Vec<(String, String)>),
    Credentials(Vec<RegistryCredential>),
}

/// The whole form: a value per field key; a missing key means the field was left blank.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormValues {
    values: BTreeMap<&'static str, FieldValue>,
}

impl FormValues {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, key: &str) -> Option<&FieldValue> {
        self.values.get(key)
    }

    pub fn set(&mut self, key: &'static str, value: FieldValue) -> &mut Self {
        self.values.insert(key, value);
        self
    }

    pub fn set_text(&mut self, key: &'static str, value: impl Into<String>) -> &mut Self {
        self.set(key, FieldValue::Text(value.into()))
    }

    pub fn set_list<S: Into<String>>(&mut self, key: &'static str, values: impl IntoIterator<Item = S>) -> &mut Self {
        let list = values.into_iter().map(Into::into).collect();
        self.set(key, FieldValue::List(list))
    }

    /// Returns the trimmed text of a text field, or an empty string.
    pub fn text(&self, key: &str) -> &str {
        match self.values.get(key) {
            Some(FieldValue::Text(text)) => text.trim(),
            _ => "",
        }
    }
}
