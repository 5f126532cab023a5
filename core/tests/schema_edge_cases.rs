//! Edge cases of form validation: several values typed into a field that takes one per
//! entry, digits of other scripts in number fields, and registries on loopback and private
//! IPv6 addresses.

use eci_core::schema::{validate, FieldIssue, FormValues, Severity};

const VPC_IMAGE: &str = "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.25";

fn valid_form() -> FormValues {
    let mut form = FormValues::new();
    form.set_text("image_cache_name", "web")
        .set_list("images", [VPC_IMAGE])
        .set_text("security_group_id", "sg-test")
        .set_text("vswitch_id", "vsw-test");
    form
}

fn with_text(key: &'static str, value: &str) -> FormValues {
    let mut form = valid_form();
    form.set_text(key, value);
    form
}

fn findings(form: &FormValues, key: &str, severity: Severity) -> Vec<String> {
    validate(form)
        .into_iter()
        .filter(|issue: &FieldIssue| issue.field == key && issue.severity == severity)
        .map(|issue| issue.message)
        .collect()
}

fn errors_for(form: &FormValues, key: &str) -> Vec<String> {
    findings(form, key, Severity::Error)
}

const NONE: [&str; 0] = [];

// Several values where one is expected.

#[test]
fn several_images_on_one_line() {
    for line in [
        "nginx:1.25, redis:7",
        "nginx:1.25 redis:7",
        "nginx:1.25,redis:7",
        "nginx:1.25;redis:7",
        "nginx:1.25 redis",
    ] {
        let mut form = valid_form();
        form.set_text("images", format!("{VPC_IMAGE}\n{line}"));
        assert_eq!(
            errors_for(&form, "images"),
            [format!(
                "Images, line 2 (`{line}`): It lists 2 images on one line; put each image on its \
                 own line."
            )],
            "{line}"
        );
    }
}

#[test]
fn stray_space_keeps_the_parser_message() {
    let mut form = valid_form();
    form.set_text("images", "nginx :1");
    assert_eq!(
        errors_for(&form, "images"),
        ["Images, line 1 (`nginx :1`): It contains whitespace at character 6. Use `nginx:1`."]
    );
}

#[test]
fn vswitch_ids_need_commas() {
    for (entry, fixed) in [
        ("vsw-a vsw-b", "vsw-a,vsw-b"),
        ("vsw-a;vsw-b", "vsw-a,vsw-b"),
        ("vsw-a，vsw-b", "vsw-a,vsw-b"),
        ("vsw-a vsw-b\tvsw-c", "vsw-a,vsw-b,vsw-c"),
    ] {
        let count = fixed.split(',').count();
        assert_eq!(
            errors_for(&with_text("vswitch_id", entry), "vswitch_id"),
            [format!(
                "vSwitch ID, entry 1: `{entry}` lists {count} IDs, but IDs are separated by \
                 commas. Use `{fixed}`."
            )],
            "{entry}"
        );
    }
}

#[test]
fn blank_and_spaced_vswitch_entries_are_fine() {
    for value in ["vsw-a,,vsw-b", "vsw-a, vsw-b", " vsw-a ,vsw-b,"] {
        assert_eq!(
            errors_for(&with_text("vswitch_id", value), "vswitch_id"),
            NONE,
            "{value}"
        );
    }
}

#[test]
fn one_security_group_only() {
    assert_eq!(
        errors_for(
            &with_text("security_group_id", "sg-a,sg-b"),
            "security_group_id"
        ),
        ["Security group ID takes one ID, but `sg-a,sg-b` lists 2; keep one of them."]
    );
    assert_eq!(
        errors_for(
            &with_text("eip_instance_id", "eip-a eip-b"),
            "eip_instance_id"
        ),
        ["EIP instance ID takes one ID, but `eip-a eip-b` lists 2; keep one of them."]
    );
}

#[test]
fn id_prefix_edges() {
    let message = |value: &str| {
        format!(
            "Security group ID must be `sg-` followed by letters and digits; `{value}` is not. \
             Copy the ID from the console."
        )
    };
    for value in ["sg-", "SG-abc", "sg-a_b", "sg--a"] {
        assert_eq!(
            errors_for(&with_text("security_group_id", value), "security_group_id"),
            [message(value)],
            "{value}"
        );
    }
}

// Number fields.

#[test]
fn digits_of_other_scripts() {
    for value in ["１２", "２０", "٢٠"] {
        assert_eq!(
            errors_for(&with_text("image_cache_size", value), "image_cache_size"),
            [format!(
                "Cache size must be written with the ASCII digits 0-9, but `{value}` contains \
                 other digits; enter a whole number between 20 and 32768 GiB, or leave it blank \
                 for the default (20 GiB)."
            )],
            "{value}"
        );
    }
}

#[test]
fn number_edges() {
    let range = "Cache size must be between 20 and 32768 GiB; enter a whole number in that range, \
                 or leave it blank for the default (20 GiB).";
    for value in [
        "19",
        "32769",
        "-1",
        "0",
        "-0",
        "99999999999999999999",
        "-99999999999999999999",
    ] {
        assert_eq!(
            errors_for(&with_text("image_cache_size", value), "image_cache_size"),
            [range],
            "{value}"
        );
    }
    for value in ["20", "32768", " 20 ", "+20", "020"] {
        assert_eq!(
            errors_for(&with_text("image_cache_size", value), "image_cache_size"),
            NONE,
            "{value}"
        );
    }
    for value in ["2e1", "20.0", "0x14", "20 GiB", "+", "-"] {
        assert_eq!(
            errors_for(&with_text("image_cache_size", value), "image_cache_size"),
            [format!(
                "Cache size must be a whole number, but `{value}` is not; enter a whole number \
                 between 20 and 32768 GiB, or leave it blank for the default (20 GiB)."
            )],
            "{value}"
        );
    }
    let retention = |value: &str| errors_for(&with_text("retention_days", value), "retention_days");
    assert_eq!(retention("1"), NONE);
    assert_eq!(retention("65536"), NONE);
    for value in ["0", "65537"] {
        assert_eq!(
            retention(value),
            [
                "Retention period must be between 1 and 65536 days; enter a whole number in that \
              range, or leave it blank for the default (never expires)."
            ],
            "{value}"
        );
    }
}

// Registries that need no internet access.

fn eip_warnings(image: &str) -> Vec<String> {
    let mut form = valid_form();
    form.set_list("images", [image]);
    findings(&form, "eip_instance_id", Severity::Warning)
}

#[test]
fn loopback_and_private_ipv6_registries_need_no_eip() {
    for image in [
        "[::1]:5000/app:1",
        "[fd00::1]/app:1",
        "[FD12:3456::1]:5000/app:1",
        "[fe80::1]:5000/app:1",
        "169.254.0.10:5000/app:1",
        "127.0.0.1:5000/app:1",
    ] {
        assert_eq!(eip_warnings(image), NONE, "{image}");
    }
}

#[test]
fn public_ipv6_registry_needs_eip() {
    assert_eq!(eip_warnings("[2400:3200::1]:5000/app:1").len(), 1);
    assert_eq!(eip_warnings("8.8.8.8/app:1").len(), 1);
}

// Digest algorithms.

const SHA256_HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn unsupported_digest_algorithm_is_a_warning() {
    let image = format!(
        "registry-vpc.cn-hangzhou.aliyuncs.com/ns/app@md5:{}",
        &SHA256_HEX[..32]
    );
    let mut form = valid_form();
    form.set_list("images", [image.as_str()]);
    assert_eq!(errors_for(&form, "images"), NONE);
    assert_eq!(
        findings(&form, "images", Severity::Warning),
        [format!(
            "Images, line 1 (`{}…`): The digest algorithm `md5` is not `sha256`, `sha384` or \
             `sha512`, the algorithms that registries and container runtimes support, so the \
             pull may fail. Use the image's `sha256` digest.",
            &image[..59]
        )]
    );
}

#[test]
fn known_digest_algorithms_need_no_warning() {
    for digest in [
        format!("sha256:{SHA256_HEX}"),
        format!("sha512:{SHA256_HEX}{SHA256_HEX}"),
    ] {
        let mut form = valid_form();
        form.set_list("images", [format!("{VPC_IMAGE}@{digest}")]);
        assert_eq!(validate(&form), [], "{digest}");
    }
}
