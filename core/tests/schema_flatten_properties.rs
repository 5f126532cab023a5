//! Flattening of valid forms: every non-blank value a form can hold reaches the request
//! exactly once, under its 1-based and dense parameter name, and nothing else does. The
//! expected parameters are built from the generated values independently of the schema.

use eci_core::request::{sign_request, Credentials, SigningContext};
use eci_core::schema::{
    create_params, is_submittable, update_params, validate, validate_for, AcrRegistry, FormValues,
    Operation, RegistryCredential,
};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

/// One generated form with the parameters it must flatten to.
#[derive(Clone, Debug)]
struct Case {
    form: FormValues,
    /// Parameters of CreateImageCache.
    create: Vec<(String, String)>,
    /// Parameters that only CreateImageCache takes, so UpdateImageCache drops them.
    create_only: Vec<String>,
}

/// Text with no leading or trailing whitespace, as sent after trimming.
fn word() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9][a-zA-Z0-9 ._:/+=%-]{0,12}[a-zA-Z0-9]|[a-zA-Z0-9]"
}

/// Whitespace that the form trims around a value.
fn padding() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        Just("\t ".to_string())
    ]
}

fn padded(value: impl Strategy<Value = String>) -> impl Strategy<Value = (String, String)> {
    (value, padding(), padding()).prop_map(|(value, before, after)| {
        let typed = format!("{before}{value}{after}");
        (typed, value)
    })
}

/// Generates a whole number in `range`, typed with an optional `+` or leading zeros, and the
/// canonical text that is sent.
fn number(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = (String, String)> {
    (range, 0usize..3, any::<bool>(), padding()).prop_map(|(value, zeros, plus, pad)| {
        let sign = if plus { "+" } else { "" };
        let typed = format!("{pad}{sign}{}{value}{pad}", "0".repeat(zeros));
        (typed, value.to_string())
    })
}

/// Generates distinct values from `make(index, suffix)`, with blank entries between them.
fn entries_with_blanks(
    max: usize,
    make: fn(usize, &str) -> String,
) -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    prop::collection::vec(("[a-z0-9]{1,6}", prop::option::of(padding())), 1..=max).prop_map(
        move |items| {
            let mut typed = Vec::new();
            let mut sent = Vec::new();
            for (index, (suffix, blank_before)) in items.into_iter().enumerate() {
                if let Some(blank) = blank_before {
                    typed.push(blank);
                }
                let value = make(index, &suffix);
                typed.push(format!(" {value} "));
                sent.push(value);
            }
            (typed, sent)
        },
    )
}

fn image(index: usize, tag: &str) -> String {
    format!("registry-vpc.cn-hangzhou.aliyuncs.com/ns/app{index}:{tag}")
}

fn vswitch(index: usize, suffix: &str) -> String {
    format!("vsw-{index}{suffix}")
}

fn registry(index: usize, suffix: &str) -> String {
    format!("r{index}{suffix}.example.com:{}", 5000 + index)
}

fn credential_rows() -> impl Strategy<Value = (Vec<RegistryCredential>, Vec<(String, String)>)> {
    let row = (word(), padding(), "\\PC{1,12}", any::<bool>());
    prop::collection::vec(row, 0..=10).prop_map(|rows| {
        let mut typed = Vec::new();
        let mut sent = Vec::new();
        for (index, (user, pad, password, blank_before)) in rows.into_iter().enumerate() {
            if blank_before {
                typed.push(RegistryCredential::new(" ", "", ""));
            }
            let server = registry(index, "");
            typed.push(RegistryCredential::new(
                &format!("{pad}{server}"),
                &format!("{user}{pad}"),
                &password,
            ));
            let number = sent.len() / 3 + 1;
            let prefix = format!("ImageRegistryCredential.{number}");
            sent.push((format!("{prefix}.Server"), server));
            sent.push((format!("{prefix}.UserName"), user));
            // A password is sent as typed, spaces included.
            sent.push((format!("{prefix}.Password"), password));
        }
        (typed, sent)
    })
}

/// Key and value rows as typed, with the parameters they must produce.
type TagCase = (Vec<(String, String)>, Vec<(String, String)>);

fn tag_rows() -> impl Strategy<Value = TagCase> {
    let row = (word(), prop::option::of(word()), any::<bool>());
    prop::collection::vec(row, 0..=20).prop_map(|rows| {
        let mut typed = Vec::new();
        let mut sent = Vec::new();
        for (index, (key, value, blank_before)) in rows.into_iter().enumerate() {
            if blank_before {
                typed.push((" ".to_string(), String::new()));
            }
            // `#` never occurs in a generated word, so the index keeps the keys distinct.
            let key = format!("{key}#{index}");
            typed.push((format!(" {key}"), value.clone().unwrap_or_default()));
            let number = typed.len() - count_blank(&typed);
            sent.push((format!("Tag.{number}.Key"), key));
            if let Some(value) = value {
                sent.push((format!("Tag.{number}.Value"), value));
            }
        }
        (typed, sent)
    })
}

fn count_blank(rows: &[(String, String)]) -> usize {
    rows.iter()
        .filter(|(key, value)| key.trim().is_empty() && value.trim().is_empty())
        .count()
}

type AcrCase = (Vec<AcrRegistry>, Vec<(String, String)>, Vec<String>);

fn acr_rows() -> impl Strategy<Value = AcrCase> {
    let row = (
        prop::option::of(word()),
        prop::option::of("cn-[a-z]{3,9}"),
        prop::collection::vec(prop::option::of("[a-z]{1,6}"), 0..4),
        prop::option::of(word()),
        prop::option::of(word()),
    );
    prop::collection::vec(row, 0..4).prop_map(|rows| {
        let mut typed = Vec::new();
        let mut sent = Vec::new();
        let mut create_only = Vec::new();
        for (index, (name, region, domains, arn_service, arn_user)) in rows.into_iter().enumerate()
        {
            let number = index + 1;
            let prefix = format!("AcrRegistryInfo.{number}");
            let instance_id = format!("cri-{index}");
            sent.push((format!("{prefix}.InstanceId"), instance_id.clone()));
            if let Some(name) = &name {
                sent.push((format!("{prefix}.InstanceName"), name.clone()));
            }
            if let Some(region) = &region {
                sent.push((format!("{prefix}.RegionId"), region.clone()));
            }
            let mut typed_domains = Vec::new();
            let mut domain_number = 0;
            for (domain_index, domain) in domains.into_iter().enumerate() {
                match domain {
                    Some(label) => {
                        let domain = format!("{label}{index}{domain_index}.example.com");
                        domain_number += 1;
                        sent.push((format!("{prefix}.Domain.{domain_number}"), domain.clone()));
                        typed_domains.push(format!(" {domain}"));
                    }
                    None => typed_domains.push("  ".to_string()),
                }
            }
            for (column, value) in [("ArnService", &arn_service), ("ArnUser", &arn_user)] {
                if let Some(value) = value {
                    let key = format!("{prefix}.{column}");
                    sent.push((key.clone(), value.clone()));
                    create_only.push(key);
                }
            }
            typed.push(AcrRegistry {
                instance_id: format!("{instance_id} "),
                instance_name: name.unwrap_or_default(),
                region_id: region.unwrap_or_default(),
                domains: typed_domains,
                arn_service: arn_service.unwrap_or_default(),
                arn_user: arn_user.unwrap_or_default(),
            });
        }
        (typed, sent, create_only)
    })
}

fn registry_list() -> impl Strategy<Value = Option<(String, String)>> {
    prop::option::of(
        entries_with_blanks(4, registry)
            .prop_map(|(typed, sent)| (typed.join(","), sent.join(","))),
    )
}

/// Values of the fields the create form requires, and of the network fields.
#[derive(Clone, Debug)]
struct Basics {
    name: (String, String),
    images: (Vec<String>, Vec<String>),
    images_as_text: bool,
    size: Option<(String, String)>,
    retention: Option<(String, String)>,
    security_group: (String, String),
    vswitches: (Vec<String>, Vec<String>),
    zone: Option<(String, String)>,
    eip: Option<(String, String)>,
}

/// Values of the optional fields.
#[derive(Clone, Debug)]
struct Extras {
    credentials: (Vec<RegistryCredential>, Vec<(String, String)>),
    acr: AcrCase,
    insecure: Option<(String, String)>,
    plain_http: Option<(String, String)>,
    resource_group: Option<(String, String)>,
    tags: TagCase,
    auto_match: Option<bool>,
    flash: Option<bool>,
    standard_copies: Option<(String, String)>,
    flash_copies: Option<(String, String)>,
    lru: Option<String>,
}

fn basics() -> BoxedStrategy<Basics> {
    (
        (
            padded(word()),
            entries_with_blanks(20, image),
            any::<bool>(),
        ),
        (
            prop::option::of(number(20..=32768)),
            prop::option::of(number(1..=65536)),
        ),
        (
            padded("sg-[a-z0-9]{1,10}"),
            entries_with_blanks(10, vswitch),
            prop::option::of(padded("cn-hangzhou-[a-k]")),
            prop::option::of(padded("eip-[a-z0-9]{1,10}")),
        ),
    )
        .prop_map(
            |(
                (name, images, images_as_text),
                (size, retention),
                (security_group, vswitches, zone, eip),
            )| {
                Basics {
                    name,
                    images,
                    images_as_text,
                    size,
                    retention,
                    security_group,
                    vswitches,
                    zone,
                    eip,
                }
            },
        )
        .boxed()
}

fn extras() -> BoxedStrategy<Extras> {
    let copies = || prop::option::of(number(1..=i64::from(i32::MAX)));
    (
        (credential_rows(), acr_rows(), tag_rows()),
        (
            registry_list(),
            registry_list(),
            prop::option::of(padded("rg-[a-z0-9]{1,10}")),
        ),
        (
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            copies(),
            copies(),
            prop::option::of(padding()),
        ),
    )
        .prop_map(
            |(
                (credentials, acr, tags),
                (insecure, plain_http, resource_group),
                (auto_match, flash, standard_copies, flash_copies, lru),
            )| Extras {
                credentials,
                acr,
                insecure,
                plain_http,
                resource_group,
                tags,
                auto_match,
                flash,
                standard_copies,
                flash_copies,
                lru,
            },
        )
        .boxed()
}

/// Sets a text field and records the parameter it must produce.
fn set_text(
    form: &mut FormValues,
    create: &mut Vec<(String, String)>,
    key: &'static str,
    api_name: &str,
    value: Option<(String, String)>,
) {
    if let Some((typed, sent)) = value {
        form.set_text(key, typed);
        create.push((api_name.to_string(), sent));
    }
}

fn build_case(basics: Basics, extras: Extras) -> Case {
    let mut form = FormValues::new();
    let mut create = Vec::new();
    let mut create_only = Vec::new();

    let texts = [
        ("image_cache_name", "ImageCacheName", Some(basics.name)),
        ("image_cache_size", "ImageCacheSize", basics.size),
        ("retention_days", "RetentionDays", basics.retention),
        (
            "security_group_id",
            "SecurityGroupId",
            Some(basics.security_group),
        ),
        ("eip_instance_id", "EipInstanceId", basics.eip),
        (
            "resource_group_id",
            "ResourceGroupId",
            extras.resource_group,
        ),
        (
            "standard_copy_count",
            "StandardCopyCount",
            extras.standard_copies,
        ),
        ("flash_copy_count", "FlashCopyCount", extras.flash_copies),
        (
            "elimination_strategy",
            "EliminationStrategy",
            extras
                .lru
                .map(|pad| (format!("{pad}LRU{pad}"), "LRU".to_string())),
        ),
        (
            "vswitch_id",
            "VSwitchId",
            Some((basics.vswitches.0.join(","), basics.vswitches.1.join(","))),
        ),
    ];
    for (key, api_name, value) in texts {
        set_text(&mut form, &mut create, key, api_name, value);
    }
    let create_only_texts = [
        ("zone_id", "ZoneId", basics.zone),
        ("insecure_registry", "InsecureRegistry", extras.insecure),
        (
            "plain_http_registry",
            "PlainHttpRegistry",
            extras.plain_http,
        ),
    ];
    for (key, api_name, value) in create_only_texts {
        if value.is_some() {
            create_only.push(api_name.to_string());
        }
        set_text(&mut form, &mut create, key, api_name, value);
    }

    let (images_typed, images_sent) = basics.images;
    if basics.images_as_text {
        form.set_text("images", images_typed.join("\n"));
    } else {
        form.set_list("images", images_typed);
    }
    for (index, image) in images_sent.into_iter().enumerate() {
        create.push((format!("Image.{}", index + 1), image));
    }

    let flags = [
        (
            "auto_match_image_cache",
            "AutoMatchImageCache",
            extras.auto_match,
        ),
        ("flash", "Flash", extras.flash),
    ];
    for (key, api_name, value) in flags {
        if let Some(value) = value {
            form.set_bool(key, value);
            create.push((api_name.to_string(), value.to_string()));
        }
    }

    let (credentials, credential_params) = extras.credentials;
    form.set_credentials("image_registry_credential", credentials);
    create.extend(credential_params);
    let (acr, acr_params, acr_create_only) = extras.acr;
    form.set_acr_registries("acr_registry_info", acr);
    create.extend(acr_params);
    create_only.extend(acr_create_only);
    let (tags, tag_params) = extras.tags;
    form.set_tags("tags", tags);
    create.extend(tag_params);

    Case {
        form,
        create,
        create_only,
    }
}

fn valid_case() -> impl Strategy<Value = Case> {
    (basics(), extras()).prop_map(|(basics, extras)| build_case(basics, extras))
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

fn decode(encoded: &str) -> Vec<(String, String)> {
    let text = |part: &str| percent_decode_str(part).decode_utf8().unwrap().into_owned();
    encoded
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap();
            (text(key), text(value))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn valid_form_flattens_exactly(case in valid_case()) {
        let issues = validate(&case.form);
        prop_assert!(is_submittable(&issues), "{:#?}", issues);

        let params = create_params(&case.form);
        prop_assert_eq!(sorted(params.into_pairs()), sorted(case.create.clone()));
    }

    #[test]
    fn update_drops_only_create_only_values(case in valid_case()) {
        let issues = validate_for(Operation::Update, &case.form);
        prop_assert!(is_submittable(&issues), "{:#?}", issues);

        let mut expected: Vec<(String, String)> = case
            .create
            .iter()
            .filter(|(key, _)| !case.create_only.contains(key))
            .cloned()
            .collect();
        expected.push(("ImageCacheId".to_string(), "imc-1".to_string()));
        let params = update_params("imc-1", &case.form);
        prop_assert_eq!(sorted(params.into_pairs()), sorted(expected));
    }

    #[test]
    fn every_value_reaches_the_wire_once(case in valid_case(), nonce in "[a-z0-9-]{1,36}") {
        let credentials = Credentials::new("testid", "testsecret");
        let context = SigningContext {
            credentials: &credentials,
            region_id: "cn-hangzhou",
            unix_seconds: 1_456_231_584,
            nonce: &nonce,
        };
        let signed = sign_request("CreateImageCache", &create_params(&case.form), &context);
        let received = decode(&signed.encoded);
        for (key, value) in &case.create {
            let copies = received.iter().filter(|(k, _)| k == key).count();
            prop_assert_eq!(copies, 1, "{}", key);
            let sent = received.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            prop_assert_eq!(sent, Some(value), "{}", key);
        }
        prop_assert!(received.iter().all(|(_, value)| !value.is_empty()));
    }
}
