//! Request parameters in the flattened form that RPC APIs take.
//!
//! Lists become 1-based numbered keys: a list of strings is `Image.1`, `Image.2`; a list of
//! objects is `Tag.1.Key`, `Tag.1.Value`; a list inside an object is
//! `AcrRegistryInfo.1.Domain.1`. This is the layout that Alibaba Cloud's Python SDKs produce
//! (`alibabacloud-openapi-util` 0.2.4, `OpenApiUtilClient.query`).

/// Ordered request parameters. A blank value is never stored: an optional field the user
/// left empty must be absent from the wire and from the signature, because the service
/// rejects empty optional parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key=value` unless the value is empty.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        let value = value.into();
        if !value.is_empty() {
            self.pairs.push((key.into(), value));
        }
        self
    }

    /// Adds the value when there is one.
    pub fn insert_opt<V: ToString>(&mut self, key: &str, value: Option<V>) -> &mut Self {
        if let Some(value) = value {
            self.insert(key, value.to_string());
        }
        self
    }

    /// Adds a boolean as lowercase `true` or `false`, the spelling of the API documentation.
    // NOTE: the Python SDK sends `True`/`False`; whether the service accepts both spellings
    // is unconfirmed, so the documented lowercase form is the one sent.
    pub fn insert_bool(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        self.insert_opt(key, value)
    }

    /// Adds a list of strings as `name.1`, `name.2`, …, skipping blank entries so that the
    /// numbering stays dense.
    pub fn insert_list<S: AsRef<str>>(&mut self, name: &str, values: &[S]) -> &mut Self {
        let non_blank = values
            .iter()
            .map(AsRef::as_ref)
            .filter(|value| !value.is_empty());
        for (index, value) in non_blank.enumerate() {
            self.insert(format!("{name}.{}", index + 1), value);
        }
        self
    }

    /// Adds a list of objects as `name.N.field`. Each object supplies its own fields, which
    /// may themselves be nested lists (`name.N.Domain.M`); an object with only blank fields
    /// is dropped without using up an index.
    pub fn insert_objects<T>(
        &mut self,
        name: &str,
        objects: &[T],
        fields: impl Fn(&T) -> Params,
    ) -> &mut Self {
        let mut index = 0;
        for object in objects {
            let object_params = fields(object);
            if object_params.is_empty() {
                continue;
            }
            index += 1;
            for (field, value) in object_params.pairs {
                self.pairs.push((format!("{name}.{index}.{field}"), value));
            }
        }
        self
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_are_absent() {
        let mut params = Params::new();
        params
            .insert("ResourceGroupId", "")
            .insert("ImageCacheName", "web");
        assert_eq!(
            params.pairs(),
            &[("ImageCacheName".to_string(), "web".to_string())]
        );
    }

    #[test]
    fn list_of_strings_is_numbered_from_one() {
        let mut params = Params::new();
        params.insert_list("Image", &["a:1", "", "b:2"]);
        assert_eq!(params.get("Image.1"), Some("a:1"));
        assert_eq!(params.get("Image.2"), Some("b:2"));
        assert_eq!(params.pairs().len(), 2);
    }

    #[test]
    fn list_of_objects_with_nested_list() {
        let domains = vec![vec!["a.example.com", "b.example.com"], vec![]];
        let mut params = Params::new();
        params.insert_objects("AcrRegistryInfo", &domains, |object| {
            let mut fields = Params::new();
            fields.insert("InstanceId", if object.is_empty() { "" } else { "cri-1" });
            fields.insert_list("Domain", object);
            fields
        });
        assert_eq!(params.get("AcrRegistryInfo.1.InstanceId"), Some("cri-1"));
        assert_eq!(
            params.get("AcrRegistryInfo.1.Domain.1"),
            Some("a.example.com")
        );
        assert_eq!(
            params.get("AcrRegistryInfo.1.Domain.2"),
            Some("b.example.com")
        );
        assert_eq!(
            params.pairs().len(),
            3,
            "the all-blank second object is dropped"
        );
    }

    #[test]
    fn ten_images_sort_after_flattening() {
        let images: Vec<String> = (1..=10).map(|n| format!("img{n}:1")).collect();
        let mut params = Params::new();
        params.insert_list("Image", &images);
        let query = crate::signer::canonical_query(params.pairs());
        assert!(query.starts_with("Image.1=img1%3A1&Image.10=img10%3A1&Image.2=img2%3A1"));
    }
}
