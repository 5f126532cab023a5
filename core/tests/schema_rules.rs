//! Validation of the image-cache form: each rule with its exact message, the limits at and
//! past their edges, and the warnings that do not block a submit.

use eci_core::schema::{
    field, is_submittable, validate, validate_field, validate_for, AcrRegistry, FieldIssue,
    FieldValue, FormValues, Operation, RegistryCredential, Severity,
};

const SHA256_HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
/// No findings, for comparing with `assert_eq!`.
const NONE: [&str; 0] = [];
const VPC_IMAGE: &str = "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.25";

/// Returns a create form that passes every rule.
fn valid_form() -> FormValues {
    let mut form = FormValues::new();
    form.set_text("image_cache_name", "web")
        .set_list("images", [VPC_IMAGE])
        .set_text("security_group_id", "sg-test")
        .set_text("vswitch_id", "vsw-test");
    form
}

fn issues_for(form: &FormValues, key: &str) -> Vec<FieldIssue> {
    validate(form)
        .into_iter()
        .filter(|issue| issue.field == key)
        .collect()
}

fn errors_for(form: &FormValues, key: &str) -> Vec<String> {
    let issues = issues_for(form, key);
    issues
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.message)
        .collect()
}

fn warnings_for(form: &FormValues, key: &str) -> Vec<String> {
    let issues = issues_for(form, key);
    issues
        .into_iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| i.message)
        .collect()
}

fn with_text(key: &'static str, value: &str) -> FormValues {
    let mut form = valid_form();
    form.set_text(key, value);
    form
}

#[test]
fn valid_form_has_no_findings() {
    assert_eq!(validate(&valid_form()), []);
}

// Required fields.

#[test]
fn empty_form_lists_required_fields() {
    let issues = validate(&FormValues::new());
    let messages: Vec<&str> = issues.iter().map(|issue| issue.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Name is required; enter a value.",
            "Images is required; enter at least one image with a tag or digest, such as \
             `nginx:1.25`.",
            "Security group ID is required; enter an ID that starts with `sg-`.",
            "vSwitch ID is required; enter one or more IDs that start with `vsw-`, separated by \
             commas.",
        ]
    );
    assert!(issues.iter().all(|issue| issue.severity == Severity::Error));
    assert!(!is_submittable(&issues));
}

#[test]
fn whitespace_counts_as_blank() {
    let form = with_text("image_cache_name", "   ");
    assert_eq!(
        errors_for(&form, "image_cache_name"),
        ["Name is required; enter a value."]
    );
}

#[test]
fn blank_image_lines_count_as_blank() {
    let mut form = valid_form();
    form.set_list("images", ["", "  "]);
    assert_eq!(errors_for(&form, "images").len(), 1);
}

#[test]
fn update_requires_only_name() {
    let issues = validate_for(Operation::Update, &FormValues::new());
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].field, "image_cache_name");
}

#[test]
fn update_ignores_create_only_fields() {
    let mut form = FormValues::new();
    form.set_text("image_cache_name", "web")
        .set_text("insecure_registry", "https://bad");
    assert_eq!(validate_for(Operation::Update, &form), []);
    assert_eq!(errors_for(&form, "insecure_registry").len(), 1);
}

// Cache size: 20 to 32768 GiB, default 20.

const SIZE_RANGE: &str = "Cache size must be between 20 and 32768 GiB; enter a whole number in \
                          that range, or leave it blank for the default (20 GiB).";

#[test]
fn cache_size_below_minimum() {
    assert_eq!(
        errors_for(&with_text("image_cache_size", "10"), "image_cache_size"),
        [SIZE_RANGE]
    );
    assert_eq!(
        errors_for(&with_text("image_cache_size", "19"), "image_cache_size"),
        [SIZE_RANGE]
    );
}

#[test]
fn cache_size_edges_are_valid() {
    assert_eq!(
        errors_for(&with_text("image_cache_size", "20"), "image_cache_size"),
        NONE
    );
    assert_eq!(
        errors_for(&with_text("image_cache_size", "32768"), "image_cache_size"),
        NONE
    );
}

#[test]
fn cache_size_above_maximum() {
    let form = with_text("image_cache_size", "32769");
    assert_eq!(errors_for(&form, "image_cache_size"), [SIZE_RANGE]);
    let huge = with_text("image_cache_size", "99999999999999999999999");
    assert_eq!(errors_for(&huge, "image_cache_size"), [SIZE_RANGE]);
}

#[test]
fn cache_size_must_be_whole() {
    let form = with_text("image_cache_size", "20.5");
    assert_eq!(
        errors_for(&form, "image_cache_size"),
        ["Cache size must be a whole number, but `20.5` is not; enter a whole number between 20 \
          and 32768 GiB, or leave it blank for the default (20 GiB)."]
    );
    assert_eq!(
        errors_for(&with_text("image_cache_size", "20GiB"), "image_cache_size").len(),
        1
    );
    assert_eq!(
        errors_for(&with_text("image_cache_size", "-"), "image_cache_size").len(),
        1
    );
}

#[test]
fn cache_size_blank_uses_default() {
    assert_eq!(
        errors_for(&with_text("image_cache_size", " "), "image_cache_size"),
        NONE
    );
}

// Retention: at least 1 day, at most 65536, blank never expires.

const RETENTION_RANGE: &str = "Retention period must be between 1 and 65536 days; enter a whole \
                               number in that range, or leave it blank for the default (never \
                               expires).";

#[test]
fn retention_zero_is_invalid() {
    assert_eq!(
        errors_for(&with_text("retention_days", "0"), "retention_days"),
        [RETENTION_RANGE]
    );
    assert_eq!(
        errors_for(&with_text("retention_days", "-1"), "retention_days"),
        [RETENTION_RANGE]
    );
}

#[test]
fn retention_edges() {
    assert_eq!(
        errors_for(&with_text("retention_days", "1"), "retention_days"),
        NONE
    );
    assert_eq!(
        errors_for(&with_text("retention_days", "65536"), "retention_days"),
        NONE
    );
    let over = with_text("retention_days", "65537");
    assert_eq!(errors_for(&over, "retention_days"), [RETENTION_RANGE]);
}

#[test]
fn retention_blank_never_expires() {
    assert_eq!(
        errors_for(&with_text("retention_days", ""), "retention_days"),
        NONE
    );
}

#[test]
fn copy_count_must_be_positive() {
    let form = with_text("standard_copy_count", "0");
    assert_eq!(
        errors_for(&form, "standard_copy_count"),
        ["Standard snapshot copies must be between 1 and 2147483647 copies; enter a whole number \
          in that range, or leave it blank."]
    );
    assert_eq!(
        errors_for(&with_text("flash_copy_count", "2"), "flash_copy_count"),
        NONE
    );
    assert_eq!(
        errors_for(&with_text("flash_copy_count", "1.5"), "flash_copy_count").len(),
        1
    );
}

// Images.

fn with_images(images: &[&str]) -> FormValues {
    let mut form = valid_form();
    form.set_list("images", images.iter().copied());
    form
}

#[test]
fn twenty_images_are_allowed() {
    let images: Vec<String> = (1..=20).map(|n| format!("{VPC_IMAGE}-{n}")).collect();
    let mut form = valid_form();
    form.set_list("images", images);
    assert_eq!(errors_for(&form, "images"), NONE);
}

#[test]
fn twenty_one_images_are_too_many() {
    let images: Vec<String> = (1..=21).map(|n| format!("{VPC_IMAGE}-{n}")).collect();
    let mut form = valid_form();
    form.set_list("images", images);
    assert_eq!(
        errors_for(&form, "images"),
        ["Images: 21 images are listed, but an image cache holds at most 20; remove 1 image."]
    );
}

#[test]
fn image_without_tag_is_an_error() {
    let form = with_images(&["nginx"]);
    assert_eq!(
        errors_for(&form, "images"),
        ["Images, line 1 (`nginx`): It has no tag or digest, and the image cache does not assume \
          `latest`; add an explicit tag such as `nginx:1.0`, or a digest such as `@sha256:` \
          followed by 64 hex digits."]
    );
}

#[test]
fn uppercase_image_suggests_lowercase() {
    let form = with_images(&[VPC_IMAGE, "Nginx:1"]);
    assert_eq!(
        errors_for(&form, "images"),
        ["Images, line 2 (`Nginx:1`): The repository path must be lowercase, because only a tag \
          may contain uppercase letters. Use `nginx:1`."]
    );
}

#[test]
fn short_digest_image_is_an_error() {
    let form = with_images(&["app@sha256:abc"]);
    assert_eq!(
        errors_for(&form, "images"),
        ["Images, line 1 (`app@sha256:abc`): The digest `sha256:abc` is invalid: a sha256 digest \
          has exactly 64 hex digits, but this one has 3; copy the full digest from the \
          registry."]
    );
}

#[test]
fn image_line_numbers_count_blank_lines() {
    let form = with_images(&[VPC_IMAGE, "", "Bad:1"]);
    let errors = errors_for(&form, "images");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("Images, line 3 (`Bad:1`): "),
        "{}",
        errors[0]
    );
}

#[test]
fn duplicate_image_is_an_error() {
    let form = with_images(&[
        VPC_IMAGE,
        "registry-vpc.cn-hangzhou.aliyuncs.com/a:1",
        VPC_IMAGE,
    ]);
    assert_eq!(
        errors_for(&form, "images"),
        [format!(
            "Images, line 3 (`{VPC_IMAGE}`) names the same image as line 1; remove one of the two \
             lines."
        )]
    );
}

#[test]
fn docker_hub_spellings_are_duplicates() {
    let form = with_images(&["nginx:1.25", "docker.io/library/nginx:1.25"]);
    assert_eq!(
        errors_for(&form, "images"),
        [
            "Images, line 2 (`docker.io/library/nginx:1.25`) names the same image as line 1; \
          remove one of the two lines."
        ]
    );
}

#[test]
fn same_path_other_tag_is_not_a_duplicate() {
    let form = with_images(&["nginx:1.25", "nginx:1.26"]);
    assert_eq!(errors_for(&form, "images"), NONE);
}

#[test]
fn latest_tag_is_a_warning() {
    let image = "registry-vpc.cn-hangzhou.aliyuncs.com/ns/app:latest";
    let form = with_images(&[image]);
    assert_eq!(errors_for(&form, "images"), NONE);
    assert_eq!(
        warnings_for(&form, "images"),
        [format!(
            "Images, line 1 (`{image}`): The tag `latest` is not a fixed version, so the cache \
             holds whichever image `latest` named when the cache was built. Use a version tag, as \
             in `registry-vpc.cn-hangzhou.aliyuncs.com/ns/app:1.0`, or add a digest."
        )]
    );
    assert!(is_submittable(&validate(&form)));
}

#[test]
fn digest_pins_latest() {
    let pinned = format!("registry-vpc.cn-hangzhou.aliyuncs.com/ns/app:latest@sha256:{SHA256_HEX}");
    let digest_only = format!("registry-vpc.cn-hangzhou.aliyuncs.com/ns/app@sha256:{SHA256_HEX}");
    let form = with_images(&[&pinned, &digest_only]);
    assert_eq!(validate(&form), []);
}

#[test]
fn long_image_is_cut_in_message() {
    let image = format!("{}:1", "a".repeat(300));
    let form = with_images(&[&image]);
    let errors = errors_for(&form, "images");
    assert_eq!(errors.len(), 1);
    let expected_start = format!("Images, line 1 (`{}…`): ", "a".repeat(59));
    assert!(errors[0].starts_with(&expected_start), "{}", errors[0]);
}

// Public registries without an EIP.

#[test]
fn docker_hub_without_eip_is_a_warning() {
    let form = with_images(&["nginx:1.25"]);
    assert_eq!(
        warnings_for(&form, "eip_instance_id"),
        ["EIP instance ID is blank, but the image on Images, line 1 (`nginx:1.25`) comes from a \
          public registry (Docker Hub); the temporary instance needs an EIP, or a NAT gateway on \
          the vSwitch, to pull from the internet. Enter an EIP instance ID, or ignore this \
          warning if the vSwitch has a NAT gateway."]
    );
    assert!(is_submittable(&validate(&form)));
}

#[test]
fn several_public_images_share_one_warning() {
    let form = with_images(&[VPC_IMAGE, "registry.example.com/team/app:2", "nginx:1.25"]);
    assert_eq!(
        warnings_for(&form, "eip_instance_id"),
        [
            "EIP instance ID is blank, but 2 images come from public registries, the first on \
          Images, line 2 (`registry.example.com/team/app:2`, registry.example.com); the temporary \
          instance needs an EIP, or a NAT gateway on the vSwitch, to pull from the internet. \
          Enter an EIP instance ID, or ignore this warning if the vSwitch has a NAT gateway."
        ]
    );
}

#[test]
fn eip_silences_public_registry_warning() {
    let mut form = with_images(&["nginx:1.25"]);
    form.set_text("eip_instance_id", "eip-test");
    assert_eq!(validate(&form), []);
}

#[test]
fn private_registries_need_no_eip() {
    let images = [
        VPC_IMAGE,
        "registry-intl-vpc.ap-southeast-1.aliyuncs.com/ns/app:1",
        "example-registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/app:1",
        "localhost:5000/app:1",
        "10.0.0.8:5000/app:1",
        "192.168.1.2/app:1",
        "172.16.0.1/app:1",
    ];
    let form = with_images(&images);
    assert_eq!(warnings_for(&form, "eip_instance_id"), NONE);
}

#[test]
fn public_acr_endpoint_needs_eip() {
    let form = with_images(&["registry.cn-hangzhou.aliyuncs.com/ns/app:1"]);
    assert_eq!(warnings_for(&form, "eip_instance_id").len(), 1);
}

#[test]
fn acr_custom_domain_needs_no_eip() {
    let mut form = with_images(&["images.example.com/ns/app:1"]);
    let registry = AcrRegistry {
        instance_id: "cri-example".into(),
        domains: vec!["Images.Example.com".into()],
        ..AcrRegistry::default()
    };
    form.set_acr_registries("acr_registry_info", [registry]);
    assert_eq!(validate(&form), []);
}

#[test]
fn field_check_shows_cross_field_warning_at_eip() {
    let form = with_images(&["nginx:1.25"]);
    let at_eip = validate_field(Operation::Create, "eip_instance_id", &form);
    assert_eq!(at_eip.len(), 1);
    assert_eq!(at_eip[0].severity, Severity::Warning);
    assert_eq!(validate_field(Operation::Create, "images", &form), []);
    assert_eq!(
        validate_field(Operation::Create, "no_such_field", &form),
        []
    );
}

// Registry credentials.

fn with_credentials(credentials: Vec<RegistryCredential>) -> FormValues {
    let mut form = valid_form();
    form.set_credentials("image_registry_credential", credentials);
    form
}

#[test]
fn credential_server_with_scheme() {
    let form = with_credentials(vec![RegistryCredential::new(
        "https://registry.example.com",
        "robot",
        "secret",
    )]);
    assert_eq!(
        errors_for(&form, "image_registry_credential"),
        ["Registry credentials, row 1, Server (`https://registry.example.com`): It starts with the \
          scheme `https://`, which registry addresses and image references never have. Use \
          `registry.example.com`."]
    );
}

#[test]
fn credential_row_must_be_complete() {
    let form = with_credentials(vec![
        RegistryCredential::new("registry.example.com", "", "secret"),
        RegistryCredential::new("", "robot", ""),
    ]);
    assert_eq!(
        errors_for(&form, "image_registry_credential"),
        [
            "Registry credentials, row 1: User name is missing; server, user name and password go \
             together. Fill it in, or clear the row.",
            "Registry credentials, row 2: Server is missing; server, user name and password go \
             together. Fill it in, or clear the row.",
            "Registry credentials, row 2: Password is missing; server, user name and password go \
             together. Fill it in, or clear the row.",
        ]
    );
}

#[test]
fn blank_credential_rows_are_ignored() {
    let form = with_credentials(vec![RegistryCredential::default(); 15]);
    assert_eq!(validate(&form), []);
}

#[test]
fn ten_credentials_allowed_eleven_not() {
    let credentials = |count: usize| -> Vec<RegistryCredential> {
        (1..=count)
            .map(|n| RegistryCredential::new(&format!("r{n}.example.com"), "robot", "secret"))
            .collect()
    };
    assert_eq!(
        errors_for(
            &with_credentials(credentials(10)),
            "image_registry_credential"
        ),
        NONE
    );
    assert_eq!(
        errors_for(&with_credentials(credentials(11)), "image_registry_credential"),
        ["Registry credentials: 11 rows are filled in, but at most 10 are allowed; remove 1 row."]
    );
}

#[test]
fn credential_servers_must_differ() {
    let form = with_credentials(vec![
        RegistryCredential::new("registry.example.com", "a", "1"),
        RegistryCredential::new("Registry.Example.com", "b", "2"),
    ]);
    assert_eq!(
        errors_for(&form, "image_registry_credential"),
        [
            "Registry credentials, row 2: Server `Registry.Example.com` is already used in row 1; \
          each row needs a different server. Change or remove one of the two rows."
        ]
    );
}

#[test]
fn credential_server_with_path() {
    let form = with_credentials(vec![RegistryCredential::new(
        "registry.example.com/team",
        "a",
        "1",
    )]);
    assert_eq!(
        errors_for(&form, "image_registry_credential"),
        ["Registry credentials, row 1, Server (`registry.example.com/team`): A registry address is \
          a host with an optional port, without a path. Use `registry.example.com`."]
    );
}

// Tags.

fn with_tags(tags: &[(&str, &str)]) -> FormValues {
    let mut form = valid_form();
    form.set_tags("tags", tags.iter().copied());
    form
}

#[test]
fn tag_key_is_required() {
    let form = with_tags(&[("env", "test"), ("", "orphan value")]);
    assert_eq!(
        errors_for(&form, "tags"),
        ["Tags, row 2: Key is missing. Fill it in, or clear the row."]
    );
}

#[test]
fn tag_value_may_be_blank() {
    assert_eq!(errors_for(&with_tags(&[("env", "")]), "tags"), NONE);
}

#[test]
fn tag_keys_must_differ() {
    let form = with_tags(&[("env", "a"), ("env", "b")]);
    assert_eq!(
        errors_for(&form, "tags"),
        [
            "Tags, row 2: Key `env` is already used in row 1; each row needs a different key. \
          Change or remove one of the two rows."
        ]
    );
}

#[test]
fn twenty_tags_allowed_twenty_one_not() {
    let tags = |count: usize| -> Vec<(String, String)> {
        (1..=count)
            .map(|n| (format!("key{n}"), String::new()))
            .collect()
    };
    let mut form = valid_form();
    form.set_tags("tags", tags(20));
    assert_eq!(errors_for(&form, "tags"), NONE);
    form.set_tags("tags", tags(21));
    assert_eq!(
        errors_for(&form, "tags"),
        ["Tags: 21 rows are filled in, but at most 20 are allowed; remove 1 row."]
    );
}

// ACR Enterprise instances.

#[test]
fn acr_instance_id_is_required() {
    let mut form = valid_form();
    let registry = AcrRegistry {
        instance_name: "main".into(),
        ..AcrRegistry::default()
    };
    form.set_acr_registries("acr_registry_info", [registry]);
    assert_eq!(
        errors_for(&form, "acr_registry_info"),
        ["ACR Enterprise instances, row 1: Instance ID is missing. Fill it in, or clear the row."]
    );
}

#[test]
fn acr_domain_with_scheme() {
    let mut form = valid_form();
    let registry = AcrRegistry {
        instance_id: "cri-example".into(),
        domains: vec!["a.example.com".into(), "http://b.example.com".into()],
        ..AcrRegistry::default()
    };
    form.set_acr_registries("acr_registry_info", [registry]);
    assert_eq!(
        errors_for(&form, "acr_registry_info"),
        ["ACR Enterprise instances, row 1, Domains line 2 (`http://b.example.com`): It starts with \
          the scheme `http://`, which registry addresses and image references never have. Use \
          `b.example.com`."]
    );
}

#[test]
fn arn_only_row_skipped_on_update() {
    let mut form = FormValues::new();
    form.set_text("image_cache_name", "web");
    let registry = AcrRegistry {
        arn_user: "acs:ram::1:role/x".into(),
        ..AcrRegistry::default()
    };
    form.set_acr_registries("acr_registry_info", [registry]);
    assert_eq!(validate_for(Operation::Update, &form), []);
    assert_eq!(
        errors_for(&form, "acr_registry_info").len(),
        1,
        "create sends ArnUser"
    );
}

// Resource ids.

#[test]
fn security_group_id_shape() {
    let form = with_text("security_group_id", "sg1234");
    assert_eq!(
        errors_for(&form, "security_group_id"),
        ["Security group ID must be `sg-` followed by letters and digits; `sg1234` is not. Copy \
          the ID from the console."]
    );
    assert_eq!(
        errors_for(&with_text("security_group_id", "sg-"), "security_group_id").len(),
        1
    );
    let valid = with_text("security_group_id", "sg-uf66jeqopgqa9hdn1234");
    assert_eq!(errors_for(&valid, "security_group_id"), NONE);
}

#[test]
fn eip_and_resource_group_id_shape() {
    assert_eq!(
        errors_for(&with_text("eip_instance_id", "2zedsm5mfl3uhdj2d"), "eip_instance_id"),
        ["EIP instance ID must be `eip-` followed by letters and digits; `2zedsm5mfl3uhdj2d` is \
          not. Copy the ID from the console."]
    );
    assert_eq!(
        errors_for(&with_text("resource_group_id", "rg_abc"), "resource_group_id"),
        ["Resource group ID must be `rg-` followed by letters and digits; `rg_abc` is not. Copy \
          the ID from the console."]
    );
    assert_eq!(
        errors_for(
            &with_text("resource_group_id", "rg-aekz43v"),
            "resource_group_id"
        ),
        NONE
    );
}

#[test]
fn vswitch_list_of_ten() {
    let ids = |count: usize| {
        (1..=count)
            .map(|n| format!("vsw-{n}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(
        errors_for(&with_text("vswitch_id", &ids(10)), "vswitch_id"),
        NONE
    );
    assert_eq!(
        errors_for(&with_text("vswitch_id", &ids(11)), "vswitch_id"),
        ["vSwitch ID: 11 IDs are listed, but at most 10 are allowed; remove 1 ID."]
    );
}

#[test]
fn vswitch_entry_shape_and_repeats() {
    let form = with_text("vswitch_id", "vsw-a, abc ,vsw-a");
    assert_eq!(
        errors_for(&form, "vswitch_id"),
        [
            "vSwitch ID, entry 2 must be `vsw-` followed by letters and digits; `abc` is not. \
             Copy the ID from the console.",
            "vSwitch ID, entry 3: `vsw-a` repeats entry 1; remove one of them.",
        ]
    );
}

// Choices and registry address lists.

#[test]
fn elimination_strategy_choice() {
    assert_eq!(
        errors_for(&with_text("elimination_strategy", "lru"), "elimination_strategy"),
        ["Elimination strategy must be `LRU` or blank; `lru` is not. Choose `LRU`, or clear the \
          field."]
    );
    assert_eq!(
        errors_for(
            &with_text("elimination_strategy", "LRU"),
            "elimination_strategy"
        ),
        NONE
    );
}

#[test]
fn insecure_registry_entries() {
    let form = with_text(
        "insecure_registry",
        "https://reg.example.com, 192.168.1.2:5000",
    );
    assert_eq!(
        errors_for(&form, "insecure_registry"),
        ["Registries with self-signed certificates, entry 1 (`https://reg.example.com`): It starts \
          with the scheme `https://`, which registry addresses and image references never have. \
          Use `reg.example.com`."]
    );
}

#[test]
fn plain_http_registry_repeats() {
    let form = with_text(
        "plain_http_registry",
        "reg.example.com:80,REG.example.com:80",
    );
    assert_eq!(
        errors_for(&form, "plain_http_registry"),
        [
            "Plain HTTP registries, entry 2: `REG.example.com:80` repeats entry 1; remove one of \
          them."
        ]
    );
}

// Value types.

#[test]
fn wrong_value_type_is_reported() {
    let mut form = valid_form();
    form.set("image_cache_size", FieldValue::Bool(true));
    assert_eq!(
        errors_for(&form, "image_cache_size"),
        ["Cache size holds a value of the wrong type for this field, which is a bug in the form; \
          reload the page and fill the field in again."]
    );
}

#[test]
fn single_field_check_matches_form_check() {
    let form = with_text("image_cache_size", "10");
    let size = field("image_cache_size").unwrap();
    assert_eq!(
        size.validate(form.get("image_cache_size")),
        issues_for(&form, "image_cache_size")
    );
}

// The field limits of the Terraform resource in one form.

#[test]
fn terraform_limits_in_one_form() {
    let mut form = valid_form();
    let images: Vec<String> = (1..=21)
        .map(|n| format!("docker.io/library/app{n}:1.0"))
        .collect();
    form.set_text("image_cache_size", "10")
        .set_text("retention_days", "0")
        .set_list("images", images)
        .set_credentials(
            "image_registry_credential",
            [RegistryCredential::new(
                "https://registry.example.com",
                "robot",
                "secret",
            )],
        );
    let issues = validate(&form);

    let find = |key: &str, severity: Severity| -> Vec<&str> {
        issues
            .iter()
            .filter(|issue| issue.field == key && issue.severity == severity)
            .map(|issue| issue.message.as_str())
            .collect()
    };
    assert_eq!(find("image_cache_size", Severity::Error), [SIZE_RANGE]);
    assert_eq!(find("retention_days", Severity::Error), [RETENTION_RANGE]);
    assert_eq!(
        find("images", Severity::Error),
        ["Images: 21 images are listed, but an image cache holds at most 20; remove 1 image."]
    );
    assert_eq!(find("image_registry_credential", Severity::Error).len(), 1);
    assert_eq!(find("eip_instance_id", Severity::Warning).len(), 1);
    assert_eq!(find("eip_instance_id", Severity::Error), NONE);
    assert_eq!(issues.len(), 5, "{issues:#?}");
}
