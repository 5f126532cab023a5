//! The changes an UpdateImageCache request would make. The update form starts from the
//! values DescribeImageCaches returns, and before sending, the console lists each field
//! whose sent value differs from the cache's, as "label: old → new".
//!
//! A blank field is not sent, so UpdateImageCache leaves it as it is. Fields the API does
//! not return (security group, vSwitch, EIP, registry credentials and others) therefore
//! start blank, and filling one in is always listed as a change.

use eci_core::api::ImageCache;
use eci_core::export::{described_values, DESCRIBED_KEYS};
use eci_core::list::image_set;
use eci_core::params::Params;
use eci_core::schema::{Field, FieldKind, FieldValue, FormValues, Operation, FIELDS};

/// The old value shown for a field that DescribeImageCaches does not return.
pub const NOT_RETURNED_TEXT: &str = "not returned by the API";

/// The old value shown for a returned field that has no value, such as a cache without tags.
pub const NO_VALUE_TEXT: &str = "(none)";

/// One field that an update sends with a new value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// [`Field::key`] of the changed field.
    pub key: &'static str,
    pub label: &'static str,
    pub old: String,
    pub new: String,
}

/// A field that the cache has a value for but the form leaves blank, so the update does
/// not send it and the service keeps the current value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptField {
    pub key: &'static str,
    pub label: &'static str,
    pub current: String,
}

/// The changes of an update form compared with the described cache.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdatePlan {
    pub changes: Vec<FieldChange>,
    pub kept: Vec<KeptField>,
}

/// Returns whether DescribeImageCaches returns the field `key` for `cache`. The resource
/// group counts only when the cache has one, because the response leaves it empty
/// otherwise.
pub fn is_returned(key: &str, cache: &ImageCache) -> bool {
    DESCRIBED_KEYS.contains(&key)
        || (key == "resource_group_id" && !cache.resource_group_id.is_empty())
}

/// Returns the help note of an update form field whose current value is unknown, or `None`
/// for a field the form starts filled in.
pub fn not_returned_note(field: &Field, cache: &ImageCache) -> Option<String> {
    if is_returned(field.key, cache) {
        return None;
    }
    let note = match field.kind {
        FieldKind::Bool => "The current setting is not returned by the API. Leave the box \
                            untouched to keep it."
            .to_string(),
        _ => "The current value is not returned by the API. Leave the field blank to keep it."
            .to_string(),
    };
    Some(note)
}

/// Compares the update form `edited` with the values DescribeImageCaches returned for
/// `cache`, field by field, as UpdateImageCache would receive them. Images are compared as
/// a set, so reordering them is no change. Registry passwords never appear in the result.
pub fn plan_update(cache: &ImageCache, edited: &FormValues) -> UpdatePlan {
    let original = described_values(cache);
    let mut plan = UpdatePlan::default();
    let updatable = FIELDS
        .iter()
        .filter(|field| field.applies_to(Operation::Update));
    for field in updatable {
        let sent = sent_params(field, edited.get(field.key));
        if sent.is_empty() {
            let current = display_value(field, original.get(field.key));
            if !current.is_empty() {
                plan.kept.push(KeptField {
                    key: field.key,
                    label: field.label,
                    current,
                });
            }
            continue;
        }

        let before = sent_params(field, original.get(field.key));
        if is_same(field, &before, &sent) {
            continue;
        }
        let old = if !is_returned(field.key, cache) {
            NOT_RETURNED_TEXT.to_string()
        } else {
            let shown = display_value(field, original.get(field.key));
            if shown.is_empty() {
                NO_VALUE_TEXT.to_string()
            } else {
                shown
            }
        };
        plan.changes.push(FieldChange {
            key: field.key,
            label: field.label,
            old,
            new: display_value(field, edited.get(field.key)),
        });
    }
    plan
}

/// Stores in `stored` the values an update sent, so that an export of the cache uses the
/// latest known security group, vSwitch and registry logins. Blank fields keep the stored
/// value, as they keep the cache's.
pub fn merge_sent_values(stored: &mut FormValues, update: &FormValues) {
    let updatable = FIELDS
        .iter()
        .filter(|field| field.applies_to(Operation::Update));
    for field in updatable {
        let Some(value) = update.get(field.key) else {
            continue;
        };
        if !sent_params(field, Some(value)).is_empty() {
            stored.set(field.key, value.clone());
        }
    }
}

/// Returns the parameters UpdateImageCache receives for the field.
fn sent_params(field: &Field, value: Option<&FieldValue>) -> Params {
    let mut params = Params::new();
    field.flatten_for(Operation::Update, value, &mut params);
    params
}

fn is_same(field: &Field, before: &Params, after: &Params) -> bool {
    match field.kind {
        FieldKind::Images { .. } => param_values(before) == param_values(after),
        _ => before == after,
    }
}

/// Returns the values of the parameters as a sorted set, the way images are compared.
fn param_values(params: &Params) -> Vec<String> {
    let values: Vec<&str> = params.pairs().iter().map(|(_, v)| v.as_str()).collect();
    image_set(&values)
}

/// Returns the value as the change list shows it, or an empty string for a blank value.
/// Registry passwords are never shown.
fn display_value(field: &Field, value: Option<&FieldValue>) -> String {
    let Some(value) = value else {
        return String::new();
    };
    match (field.kind, value) {
        (FieldKind::Bool, FieldValue::Bool(on)) => if *on { "on" } else { "off" }.to_string(),
        (_, FieldValue::Tags(rows)) => rows
            .iter()
            .filter(|(key, value)| !key.trim().is_empty() || !value.trim().is_empty())
            .map(|(key, value)| format!("{}={}", key.trim(), value.trim()))
            .collect::<Vec<_>>()
            .join(", "),
        (_, FieldValue::Credentials(rows)) => rows
            .iter()
            .filter_map(|row| {
                let server = row.server.trim();
                let user = row.user_name.trim();
                if server.is_empty() && user.is_empty() && row.password.is_empty() {
                    return None;
                }
                let password = if row.password.is_empty() {
                    "no password"
                } else {
                    "password hidden"
                };
                Some(format!("{server} (user {user}, {password})"))
            })
            .collect::<Vec<_>>()
            .join("; "),
        (_, FieldValue::AcrRegistries(rows)) => rows
            .iter()
            .map(|row| row.instance_id.trim())
            .filter(|id| !id.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        _ => {
            // Texts, numbers, id lists and images: the values as sent, joined.
            let params = sent_params(field, Some(value));
            let values: Vec<&str> = params.pairs().iter().map(|(_, v)| v.as_str()).collect();
            let shown = match field.kind {
                FieldKind::Images { .. } => image_set(&values).join(", "),
                FieldKind::IdList { .. } | FieldKind::RegistryAddresses => {
                    values.join(",").split(',').collect::<Vec<_>>().join(", ")
                }
                _ => values.join(", "),
            };
            match field.unit {
                Some(unit) if !shown.is_empty() => format!("{shown} {unit}"),
                _ => shown,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eci_core::api::Tag;
    use eci_core::schema::RegistryCredential;

    fn cache() -> ImageCache {
        ImageCache {
            image_cache_id: "imc-1".into(),
            image_cache_name: "web".into(),
            image_cache_size: Some(20),
            status: "Ready".into(),
            images: vec!["b.example.com/app:1".into(), "a.example.com/app:1".into()],
            tags: vec![Tag {
                key: "env".into(),
                value: "test".into(),
            }],
            ..ImageCache::default()
        }
    }

    fn change(key: &'static str, label: &'static str, old: &str, new: &str) -> FieldChange {
        FieldChange {
            key,
            label,
            old: old.into(),
            new: new.into(),
        }
    }

    #[test]
    fn unedited_form_changes_nothing() {
        let plan = plan_update(&cache(), &described_values(&cache()));
        assert_eq!(plan.changes, []);
        assert_eq!(plan.kept, []);
    }

    #[test]
    fn reordered_images_are_no_change() {
        let mut edited = described_values(&cache());
        edited.set_text("images", " a.example.com/app:1\n\nb.example.com/app:1\n");
        assert_eq!(plan_update(&cache(), &edited).changes, []);
        edited.set_text("images", "b.example.com/app:1\na.example.com/app:1");
        assert_eq!(plan_update(&cache(), &edited).changes, []);
    }

    #[test]
    fn changed_fields_show_old_and_new() {
        let mut edited = described_values(&cache());
        edited
            .set_text("image_cache_size", "+40")
            .set_text("images", "c.example.com/app:2\na.example.com/app:1")
            .set_text("security_group_id", " sg-new ")
            .set_text("elimination_strategy", "LRU");
        let expected = vec![
            change(
                "images",
                "Images",
                "a.example.com/app:1, b.example.com/app:1",
                "a.example.com/app:1, c.example.com/app:2",
            ),
            change("image_cache_size", "Cache size", "20 GiB", "40 GiB"),
            change(
                "security_group_id",
                "Security group ID",
                "not returned by the API",
                "sg-new",
            ),
            change(
                "elimination_strategy",
                "Elimination strategy",
                "(none)",
                "LRU",
            ),
        ];
        assert_eq!(plan_update(&cache(), &edited).changes, expected);
    }

    #[test]
    fn same_size_in_other_spelling_is_no_change() {
        let mut edited = described_values(&cache());
        edited.set_text("image_cache_size", "020");
        assert_eq!(plan_update(&cache(), &edited).changes, []);
    }

    #[test]
    fn blank_returned_field_is_kept() {
        let mut edited = described_values(&cache());
        edited
            .set_tags("tags", [("", "")])
            .remove("image_cache_size");
        let plan = plan_update(&cache(), &edited);
        assert_eq!(plan.changes, []);
        let expected = vec![
            KeptField {
                key: "image_cache_size",
                label: "Cache size",
                current: "20 GiB".into(),
            },
            KeptField {
                key: "tags",
                label: "Tags",
                current: "env=test".into(),
            },
        ];
        assert_eq!(plan.kept, expected);
    }

    #[test]
    fn passwords_never_appear() {
        let mut edited = described_values(&cache());
        edited.set_credentials(
            "image_registry_credential",
            [RegistryCredential::new(
                "registry.example.com",
                "deploy",
                "hunter2",
            )],
        );
        let plan = plan_update(&cache(), &edited);
        let expected = vec![change(
            "image_registry_credential",
            "Registry credentials",
            "not returned by the API",
            "registry.example.com (user deploy, password hidden)",
        )];
        assert_eq!(plan.changes, expected);
        assert!(!format!("{plan:?}").contains("hunter2"));
    }

    #[test]
    fn tags_and_vswitches_render_as_lists() {
        let mut edited = described_values(&cache());
        edited
            .set_tags("tags", [("env", "prod"), ("team", "web")])
            .set_text("vswitch_id", "vsw-a, vsw-b")
            .set_bool("flash", false);
        let expected = vec![
            change(
                "vswitch_id",
                "vSwitch ID",
                "not returned by the API",
                "vsw-a, vsw-b",
            ),
            change("tags", "Tags", "env=test", "env=prod, team=web"),
            change("flash", "Flash cache", "not returned by the API", "off"),
        ];
        assert_eq!(plan_update(&cache(), &edited).changes, expected);
    }

    #[test]
    fn returned_fields_have_no_note() {
        let name = eci_core::schema::field("image_cache_name").unwrap();
        let group = eci_core::schema::field("resource_group_id").unwrap();
        let eip = eci_core::schema::field("eip_instance_id").unwrap();
        assert_eq!(not_returned_note(name, &cache()), None);
        assert!(not_returned_note(group, &cache())
            .unwrap()
            .contains("Leave the field blank to keep it"));
        assert!(not_returned_note(eip, &cache())
            .unwrap()
            .contains("not returned by the API"));
        let mut grouped = cache();
        grouped.resource_group_id = "rg-1".into();
        assert_eq!(not_returned_note(group, &grouped), None);
    }

    #[test]
    fn merge_keeps_unsent_values() {
        let mut stored = FormValues::new();
        stored
            .set_text("security_group_id", "sg-old")
            .set_text("vswitch_id", "vsw-old")
            .set_text("zone_id", "cn-hangzhou-g");
        let mut update = FormValues::new();
        update
            .set_text("security_group_id", "sg-new")
            .set_text("vswitch_id", "  ")
            .set_text("zone_id", "cn-hangzhou-h");
        merge_sent_values(&mut stored, &update);
        assert_eq!(stored.text("security_group_id"), "sg-new");
        assert_eq!(stored.text("vswitch_id"), "vsw-old");
        assert_eq!(
            stored.text("zone_id"),
            "cn-hangzhou-g",
            "UpdateImageCache takes no zone, so the stored one stays"
        );
    }
}
