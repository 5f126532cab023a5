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

/// A Container Registry Enterprise Edition instance whose images the cache may pull
/// without a password.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcrRegistry {
    /// Instance id; the service requires it whenever the row is sent.
    pub instance_id: String,
    pub instance_name: String,
    /// Region of the instance, such as `cn-hangzhou`.
    pub region_id: String,
    /// Custom domain names of the instance, one per entry.
    pub domains: Vec<String>,
    /// RAM role ARN sent as `ArnService`, for an instance in another account
    /// (CreateImageCache only).
    pub arn_service: String,
    /// RAM role ARN sent as `ArnUser`, for an instance in another account (CreateImageCache
    /// only).
    pub arn_user: String,
}

/// The value of one field as the form holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// Text, numbers and comma-separated lists included, as typed (validation parses it).
    Text(String),
    Bool(bool),
    /// One entry per line or per row.
    List(Vec<String>),
    /// Key and value rows.
    Tags(Vec<(String, String)>),
    Credentials(Vec<RegistryCredential>),
    AcrRegistries(Vec<AcrRegistry>),
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

    /// Clears a field, as if the user had never filled it in.
    pub fn remove(&mut self, key: &str) -> &mut Self {
        self.values.remove(key);
        self
    }

    pub fn set_text(&mut self, key: &'static str, value: impl Into<String>) -> &mut Self {
        self.set(key, FieldValue::Text(value.into()))
    }

    pub fn set_bool(&mut self, key: &'static str, value: bool) -> &mut Self {
        self.set(key, FieldValue::Bool(value))
    }

    pub fn set_list<S: Into<String>>(
        &mut self,
        key: &'static str,
        values: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        let list = values.into_iter().map(Into::into).collect();
        self.set(key, FieldValue::List(list))
    }

    pub fn set_tags<K: Into<String>, V: Into<String>>(
        &mut self,
        key: &'static str,
        tags: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        let tags = tags
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.set(key, FieldValue::Tags(tags))
    }

    pub fn set_credentials(
        &mut self,
        key: &'static str,
        credentials: impl IntoIterator<Item = RegistryCredential>,
    ) -> &mut Self {
        self.set(
            key,
            FieldValue::Credentials(credentials.into_iter().collect()),
        )
    }

    pub fn set_acr_registries(
        &mut self,
        key: &'static str,
        registries: impl IntoIterator<Item = AcrRegistry>,
    ) -> &mut Self {
        self.set(
            key,
            FieldValue::AcrRegistries(registries.into_iter().collect()),
        )
    }

    /// Returns the trimmed text of a text field, or an empty string.
    pub fn text(&self, key: &str) -> &str {
        match self.values.get(key) {
            Some(FieldValue::Text(text)) => text.trim(),
            _ => "",
        }
    }
}

impl RegistryCredential {
    pub fn new(server: &str, user_name: &str, password: &str) -> Self {
        Self {
            server: server.to_string(),
            user_name: user_name.to_string(),
            password: Secret::new(password),
        }
    }
}
