//! The field table and the flattening into CreateImageCache and UpdateImageCache
//! parameters.

use eci_core::schema::{
    create_params, field, field_for_api_name, update_params, AcrRegistry, FieldKind, FormValues,
    Group, Operation, RegistryCredential, FIELDS,
};

fn pairs(params: &eci_core::params::Params) -> Vec<(&str, &str)> {
    params
        .pairs()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[test]
fn every_terraform_argument_is_a_field() {
    // (Terraform argument, API name, required on create)
    let arguments = [
        ("image_cache_name", "ImageCacheName", true),
        ("images", "Image", true),
        ("security_group_id", "SecurityGroupId", true),
        ("vswitch_id", "VSwitchId", true),
        ("eip_instance_id", "EipInstanceId", false),
        ("image_cache_size", "ImageCacheSize", false),
        ("resource_group_id", "ResourceGroupId", false),
        ("retention_days", "RetentionDays", false),
        ("zone_id", "ZoneId", false),
        (
            "image_registry_credential",
            "ImageRegistryCredential",
            false,
        ),
    ];
    for (key, api_name, required) in arguments {
        let field = field(key).unwrap_or_else(|| panic!("{key} is missing"));
        assert_eq!(field.api_name, api_name, "{key}");
        assert_eq!(field.required, required, "{key}");
        assert!(field.on_create, "{key}");
    }
}

#[test]
fn api_only_fields_exist() {
    let api_only = [
        ("tags", "Tag"),
        ("acr_registry_info", "AcrRegistryInfo"),
        ("auto_match_image_cache", "AutoMatchImageCache"),
        ("flash", "Flash"),
        ("standard_copy_count", "StandardCopyCount"),
        ("flash_copy_count", "FlashCopyCount"),
        ("elimination_strategy", "EliminationStrategy"),
        ("insecure_registry", "InsecureRegistry"),
        ("plain_http_registry", "PlainHttpRegistry"),
    ];
    for (key, api_name) in api_only {
        let field = field(key).unwrap_or_else(|| panic!("{key} is missing"));
        assert_eq!(field.api_name, api_name, "{key}");
        assert!(!field.required, "{key}");
    }
}

#[test]
fn update_lacks_create_only_parameters() {
    for key in ["zone_id", "insecure_registry", "plain_http_registry"] {
        let field = field(key).unwrap();
        assert!(field.on_create, "{key}");
        assert!(!field.updatable, "{key}");
    }
    let acr = field("acr_registry_info").unwrap();
    for column in ["arn_service", "arn_user"] {
        assert!(!acr.column(column).unwrap().updatable, "{column}");
        assert!(acr.column(column).unwrap().on_create, "{column}");
    }
    let updatable = FIELDS.iter().filter(|field| field.updatable).count();
    assert_eq!(updatable, FIELDS.len() - 3);
}

#[test]
fn only_name_is_required_on_update() {
    let required: Vec<&str> = FIELDS
        .iter()
        .filter(|f| f.is_required(Operation::Update))
        .map(|f| f.key)
        .collect();
    assert_eq!(required, ["image_cache_name"]);
}

#[test]
fn keys_labels_and_api_names_are_unique() {
    for (index, field) in FIELDS.iter().enumerate() {
        for other in &FIELDS[index + 1..] {
            assert_ne!(field.key, other.key);
            assert_ne!(field.label, other.label);
            assert_ne!(field.api_name, other.api_name);
        }
        assert!(!field.help.is_empty(), "{} has no help", field.key);
        assert!(!field.help.contains('\n'), "{} help spans lines", field.key);
    }
}

#[test]
fn row_fields_have_columns() {
    for field in FIELDS {
        let has_rows = matches!(
            field.kind,
            FieldKind::Credentials { .. } | FieldKind::Tags { .. } | FieldKind::AcrRegistries
        );
        assert_eq!(has_rows, !field.columns.is_empty(), "{}", field.key);
    }
}

#[test]
fn limits_come_from_kind() {
    assert_eq!(
        field("images").unwrap().kind,
        FieldKind::Images { max_items: 20 }
    );
    assert_eq!(
        field("image_registry_credential").unwrap().kind,
        FieldKind::Credentials { max_items: 10 }
    );
    assert_eq!(
        field("tags").unwrap().kind,
        FieldKind::Tags { max_items: 20 }
    );
    assert_eq!(
        field("image_cache_size").unwrap().kind,
        FieldKind::Integer {
            min: 20,
            max: 32768
        }
    );
    assert_eq!(
        field("retention_days").unwrap().kind,
        FieldKind::Integer { min: 1, max: 65536 }
    );
    assert_eq!(
        field("vswitch_id").unwrap().kind,
        FieldKind::IdList {
            id_prefix: "vsw-",
            max_items: 10
        }
    );
    assert_eq!(
        field("elimination_strategy").unwrap().kind,
        FieldKind::Choice { options: &["LRU"] }
    );
}

#[test]
fn hint_joins_help_limits_and_default() {
    assert_eq!(
        field("image_cache_size").unwrap().hint(),
        "Size of the cache disk; the images must fit in it. 20 to 32768 GiB. Default: 20 GiB."
    );
    assert_eq!(
        field("retention_days").unwrap().hint(),
        "Days until the cache expires and is deleted; a cache that fails to build is kept for 1 \
         day. 1 to 65536 days. Default: never expires."
    );
    assert_eq!(
        field("image_cache_name").unwrap().hint(),
        "Name of the image cache."
    );
}

#[test]
fn groups_follow_form_sections() {
    assert_eq!(field("image_cache_name").unwrap().group, Group::Basic);
    assert_eq!(field("vswitch_id").unwrap().group, Group::Network);
    assert_eq!(
        field("image_registry_credential").unwrap().group,
        Group::Registry
    );
    assert_eq!(field("tags").unwrap().group, Group::Advanced);
}

#[test]
fn api_names_map_back_to_fields() {
    assert_eq!(field_for_api_name("Image.3").unwrap().key, "images");
    assert_eq!(
        field_for_api_name("ImageRegistryCredential.1.Server")
            .unwrap()
            .key,
        "image_registry_credential"
    );
    assert_eq!(field_for_api_name("Tag.2.Key").unwrap().key, "tags");
    assert_eq!(
        field_for_api_name("AcrRegistryInfo.1.Domain.2")
            .unwrap()
            .key,
        "acr_registry_info"
    );
    assert_eq!(field_for_api_name("VSwitchId").unwrap().key, "vswitch_id");
    assert!(field_for_api_name("RegionId").is_none());
}

#[test]
fn create_basic_form_flattens_exactly() {
    let mut form = FormValues::new();
    form.set_text("image_cache_name", "test-cache")
        .set_list(
            "images",
            [
                "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:alpine",
                " ",
            ],
        )
        .set_text("security_group_id", " sg-test ")
        .set_text("vswitch_id", "vsw-test")
        .set_text("resource_group_id", "");
    assert_eq!(
        pairs(&create_params(&form)),
        [
            ("ImageCacheName", "test-cache"),
            (
                "Image.1",
                "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:alpine"
            ),
            ("SecurityGroupId", "sg-test"),
            ("VSwitchId", "vsw-test"),
        ]
    );
}

#[test]
fn images_are_numbered_densely() {
    let mut form = FormValues::new();
    form.set_list("images", ["", "a:1", "  ", " b:2 "]);
    assert_eq!(
        pairs(&create_params(&form)),
        [("Image.1", "a:1"), ("Image.2", "b:2")]
    );
}

#[test]
fn images_as_text_split_into_lines() {
    let mut form = FormValues::new();
    form.set_text("images", "a:1\n\n b:2 \r\n");
    assert_eq!(
        pairs(&create_params(&form)),
        [("Image.1", "a:1"), ("Image.2", "b:2")]
    );
}

#[test]
fn credentials_flatten_with_blank_rows_dropped() {
    let mut form = FormValues::new();
    form.set_credentials(
        "image_registry_credential",
        [
            RegistryCredential::default(),
            RegistryCredential::new(" registry.example.com ", " robot ", " pass word "),
        ],
    );
    assert_eq!(
        pairs(&create_params(&form)),
        [
            ("ImageRegistryCredential.1.Server", "registry.example.com"),
            ("ImageRegistryCredential.1.UserName", "robot"),
            ("ImageRegistryCredential.1.Password", " pass word "),
        ]
    );
}

#[test]
fn tags_flatten_without_blank_values() {
    let mut form = FormValues::new();
    form.set_tags("tags", [("env", "test"), ("", ""), ("team", " ")]);
    assert_eq!(
        pairs(&create_params(&form)),
        [
            ("Tag.1.Key", "env"),
            ("Tag.1.Value", "test"),
            ("Tag.2.Key", "team")
        ]
    );
}

fn acr_registry() -> AcrRegistry {
    AcrRegistry {
        instance_id: "cri-example".into(),
        instance_name: "main".into(),
        region_id: "cn-hangzhou".into(),
        domains: vec!["a.example.com".into(), "".into(), " b.example.com ".into()],
        arn_service: "acs:ram::1:role/service".into(),
        arn_user: "acs:ram::2:role/user".into(),
    }
}

#[test]
fn acr_registry_flattens_nested_domains() {
    let mut form = FormValues::new();
    form.set_acr_registries(
        "acr_registry_info",
        [AcrRegistry::default(), acr_registry()],
    );
    assert_eq!(
        pairs(&create_params(&form)),
        [
            ("AcrRegistryInfo.1.InstanceId", "cri-example"),
            ("AcrRegistryInfo.1.InstanceName", "main"),
            ("AcrRegistryInfo.1.RegionId", "cn-hangzhou"),
            ("AcrRegistryInfo.1.Domain.1", "a.example.com"),
            ("AcrRegistryInfo.1.Domain.2", "b.example.com"),
            ("AcrRegistryInfo.1.ArnService", "acs:ram::1:role/service"),
            ("AcrRegistryInfo.1.ArnUser", "acs:ram::2:role/user"),
        ]
    );
}

#[test]
fn update_drops_arn_columns() {
    let mut form = FormValues::new();
    form.set_acr_registries("acr_registry_info", [acr_registry()]);
    let params = update_params("imc-1", &form);
    assert_eq!(params.get("ImageCacheId"), Some("imc-1"));
    assert_eq!(
        params.get("AcrRegistryInfo.1.InstanceId"),
        Some("cri-example")
    );
    assert_eq!(params.get("AcrRegistryInfo.1.ArnService"), None);
    assert_eq!(params.get("AcrRegistryInfo.1.ArnUser"), None);
}

#[test]
fn update_drops_create_only_fields() {
    let mut form = FormValues::new();
    form.set_text("image_cache_name", "web")
        .set_text("zone_id", "cn-hangzhou-g")
        .set_text("insecure_registry", "reg.example.com")
        .set_text("plain_http_registry", "reg.example.com:80");
    assert_eq!(
        pairs(&update_params("imc-1", &form)),
        [("ImageCacheId", "imc-1"), ("ImageCacheName", "web")]
    );
    let created = create_params(&form);
    assert_eq!(created.get("ZoneId"), Some("cn-hangzhou-g"));
    assert_eq!(created.get("InsecureRegistry"), Some("reg.example.com"));
    assert_eq!(created.get("PlainHttpRegistry"), Some("reg.example.com:80"));
}

#[test]
fn comma_lists_are_normalized() {
    let mut form = FormValues::new();
    form.set_text("vswitch_id", " vsw-a , ,vsw-b,")
        .set_text("plain_http_registry", "a.example.com, b.example.com:80");
    let params = create_params(&form);
    assert_eq!(params.get("VSwitchId"), Some("vsw-a,vsw-b"));
    assert_eq!(
        params.get("PlainHttpRegistry"),
        Some("a.example.com,b.example.com:80")
    );
}

#[test]
fn numbers_are_sent_canonical() {
    let mut form = FormValues::new();
    form.set_text("image_cache_size", " +020 ")
        .set_text("retention_days", "");
    let params = create_params(&form);
    assert_eq!(params.get("ImageCacheSize"), Some("20"));
    assert_eq!(params.get("RetentionDays"), None);
}

#[test]
fn booleans_are_lowercase() {
    let mut form = FormValues::new();
    form.set_bool("flash", true)
        .set_bool("auto_match_image_cache", false);
    let params = create_params(&form);
    assert_eq!(params.get("Flash"), Some("true"));
    assert_eq!(params.get("AutoMatchImageCache"), Some("false"));
}

#[test]
fn elimination_strategy_blank_is_absent() {
    let mut form = FormValues::new();
    form.set_text("elimination_strategy", " ");
    assert!(create_params(&form).is_empty());
    form.set_text("elimination_strategy", "LRU");
    assert_eq!(create_params(&form).get("EliminationStrategy"), Some("LRU"));
}
