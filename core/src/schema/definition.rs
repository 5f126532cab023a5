//! The types that describe one argument of the image-cache resource.

/// The request a form is filled in for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// CreateImageCache.
    Create,
    /// UpdateImageCache, which takes fewer parameters than CreateImageCache.
    Update,
}

/// The section of the form a field appears in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Basic,
    Network,
    Registry,
    Advanced,
}

/// What a field holds, with its limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text; `id_prefix` is the prefix a resource id must start with (`sg-`).
    Text {
        id_prefix: Option<&'static str>,
    },
    /// A whole number in `min..=max`, in the field's [`Field::unit`].
    Integer {
        min: i64,
        max: i64,
    },
    Bool,
    /// A list of container image references, each with a tag or digest.
    Images {
        max_items: usize,
    },
    /// Registry logins (`ImageRegistryCredential.N.Server/UserName/Password`).
    Credentials {
        max_items: usize,
    },
    /// Tags (`Tag.N.Key/Value`).
    Tags {
        max_items: usize,
    },
    /// Resource ids separated by commas, sent as one parameter (`vsw-a,vsw-b`).
    IdList {
        id_prefix: &'static str,
        max_items: usize,
    },
    /// One of `options`, or blank.
    Choice {
        options: &'static [&'static str],
    },
    /// Registry addresses (`host[:port]`, no scheme) separated by commas, sent as one
    /// parameter.
    RegistryAddresses,
    /// Container Registry Enterprise Edition instances
    /// (`AcrRegistryInfo.N.InstanceId/InstanceName/RegionId/Domain.M/...`).
    AcrRegistries,
}

/// One argument of the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Argument name in Terraform's `alicloud_eci_image_cache`, used as the form key; fields
    /// that Terraform lacks use the API name in snake case.
    pub key: &'static str,
    pub label: &'static str,
    /// API parameter name, or the list prefix for list fields (`Image` for `Image.N`).
    pub api_name: &'static str,
    pub kind: FieldKind,
    /// The form for CreateImageCache cannot be submitted without it.
    pub required: bool,
    /// The form for UpdateImageCache cannot be submitted without it.
    pub required_on_update: bool,
    /// Value the service uses when the field is left blank, as shown to the user.
    pub default: Option<&'static str>,
    /// Unit of an integer field, such as `GiB`.
    pub unit: Option<&'static str>,
    /// Sent with CreateImageCache.
    pub on_create: bool,
    /// UpdateImageCache can change it.
    pub updatable: bool,
    pub group: Group,
    /// One line on what the field sets; limits and the default come from the other
    /// members, and [`Field::hint`] joins them.
    pub help: &'static str,
    /// Columns of a field whose value is a list of rows (credentials, tags, registries);
    /// empty for other fields.
    pub columns: &'static [Column],
}

/// One column of a row-valued field, such as the `Server` of a registry login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Form key inside a row, such as `user_name`.
    pub key: &'static str,
    pub label: &'static str,
    /// API name after the row index: `UserName` in `ImageRegistryCredential.1.UserName`.
    pub api_name: &'static str,
    pub kind: ColumnKind,
    /// A row with any value must have this column too.
    pub required: bool,
    /// No two rows may have the same value in this column.
    pub unique: bool,
    pub on_create: bool,
    pub updatable: bool,
    pub help: &'static str,
}

/// The type of a column's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Text that is never shown or trimmed, such as a password.
    Secret,
    /// A registry address, `host[:port]` without a scheme.
    RegistryAddress,
    /// A list of registry addresses, flattened as `Name.M` inside the row.
    RegistryAddressList,
}

impl Operation {
    /// Whether an argument with these flags is sent with this operation.
    pub fn sends(self, on_create: bool, updatable: bool) -> bool {
        match self {
            Operation::Create => on_create,
            Operation::Update => updatable,
        }
    }
}

impl Field {
    /// Whether this field is part of the request for `operation`.
    pub fn applies_to(&self, operation: Operation) -> bool {
        operation.sends(self.on_create, self.updatable)
    }

    /// Whether the form for `operation` needs a value in this field.
    pub fn is_required(&self, operation: Operation) -> bool {
        match operation {
            Operation::Create => self.required,
            Operation::Update => self.required_on_update,
        }
    }

    /// Looks up a column of a row-valued field by its key.
    pub fn column(&self, key: &str) -> Option<&'static Column> {
        self.columns.iter().find(|column| column.key == key)
    }

    /// Returns the help text followed by the limits and the default, for a tooltip:
    /// "Size of the cache disk. 20 to 32768 GiB. Default: 20 GiB."
    pub fn hint(&self) -> String {
        let mut hint = self.help.to_string();
        if let Some(limits) = self.limits_text() {
            hint.push(' ');
            hint.push_str(&limits);
            hint.push('.');
        }
        if let Some(default) = self.default {
            hint.push_str(&format!(" Default: {default}."));
        }
        hint
    }

    /// Describes the kind's limits in words, such as "20 to 32768 GiB" or "At most 20
    /// images".
    pub fn limits_text(&self) -> Option<String> {
        match self.kind {
            FieldKind::Integer { min, max } => {
                Some(format!("{min} to {max}{}", self.unit_suffix()))
            }
            FieldKind::Images { max_items } => Some(format!("At most {max_items} images")),
            FieldKind::Credentials { max_items } => Some(format!("At most {max_items} logins")),
            FieldKind::Tags { max_items } => Some(format!("At most {max_items} tags")),
            FieldKind::IdList { max_items, .. } => Some(format!("At most {max_items} IDs")),
            FieldKind::Choice { options } => Some(format!("{} or blank", quoted_list(options))),
            _ => None,
        }
    }

    /// Returns the unit with a leading space, or nothing.
    pub(crate) fn unit_suffix(&self) -> String {
        self.unit.map(|unit| format!(" {unit}")).unwrap_or_default()
    }
}

impl Column {
    /// Whether this column is part of the request for `operation`.
    pub fn applies_to(&self, operation: Operation) -> bool {
        operation.sends(self.on_create, self.updatable)
    }
}

/// Formats options as "`A`", "`A` or `B`", "`A`, `B` or `C`".
pub(crate) fn quoted_list(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|option| format!("`{option}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
