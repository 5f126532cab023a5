//! The table of every argument of the image-cache resource: Terraform's
//! `alicloud_eci_image_cache` arguments, then the optional CreateImageCache and
//! UpdateImageCache parameters that Terraform lacks. Wire names and the Create/Update split
//! follow Alibaba Cloud's `alibabacloud-eci20180808` 2.1.0 SDK.

use super::definition::{Column, ColumnKind, Field, FieldKind, Group};

/// Members shared by most fields: optional, sent with both CreateImageCache and
/// UpdateImageCache. Each entry of [`FIELDS`] overrides what differs.
const OPTIONAL: Field = Field {
    key: "",
    label: "",
    api_name: "",
    kind: FieldKind::Text { id_prefix: None },
    required: false,
    required_on_update: false,
    default: None,
    unit: None,
    on_create: true,
    updatable: true,
    group: Group::Advanced,
    help: "",
    columns: &[],
};

/// Every field of the resource, in form order.
pub static FIELDS: &[Field] = &[
    Field {
        key: "image_cache_name",
        label: "Name",
        api_name: "ImageCacheName",
        // NOTE: the name's length and character rules are not documented, so any non-blank
        // name is accepted and a rejection by the service is shown at this field.
        required: true,
        // NOTE: one UpdateImageCache doc version requires the name and the SDK does not,
        // so the update form requires it and always sends it.
        required_on_update: true,
        group: Group::Basic,
        help: "Name of the image cache.",
        ..OPTIONAL
    },
    Field {
        key: "images",
        label: "Images",
        api_name: "Image",
        // NOTE: the maximum of 20 comes from the ROS ALIYUN::ECI::ImageCache page; the
        // CreateImageCache page gives no range for Image.N.
        kind: FieldKind::Images { max_items: 20 },
        required: true,
        group: Group::Basic,
        help: "Container images to cache, one per line, each with a tag or digest.",
        ..OPTIONAL
    },
    Field {
        key: "image_cache_size",
        label: "Cache size",
        api_name: "ImageCacheSize",
        // NOTE: 20 to 32768 GiB is documented for the Kubernetes ImageCache resource of
        // ECI; the CreateImageCache page gives only the default of 20.
        kind: FieldKind::Integer {
            min: 20,
            max: 32768,
        },
        default: Some("20 GiB"),
        unit: Some("GiB"),
        group: Group::Basic,
        help: "Size of the cache disk; the images must fit in it.",
        ..OPTIONAL
    },
    Field {
        key: "retention_days",
        label: "Retention period",
        api_name: "RetentionDays",
        // NOTE: 1 to 65536 days is documented for the Kubernetes ImageCache resource of
        // ECI; the CreateImageCache page gives no range.
        kind: FieldKind::Integer { min: 1, max: 65536 },
        default: Some("never expires"),
        unit: Some("days"),
        group: Group::Basic,
        help: "Days until the cache expires and is deleted; a cache that fails to build is \
               kept for 1 day.",
        ..OPTIONAL
    },
    Field {
        key: "security_group_id",
        label: "Security group ID",
        api_name: "SecurityGroupId",
        kind: FieldKind::Text {
            id_prefix: Some("sg-"),
        },
        // NOTE: the SDK marks SecurityGroupId optional, but Terraform and ROS require it,
        // so the create form does too.
        required: true,
        group: Group::Network,
        help: "Security group of the temporary instance that pulls the images.",
        ..OPTIONAL
    },
    Field {
        key: "vswitch_id",
        label: "vSwitch ID",
        api_name: "VSwitchId",
        // NOTE: the SDK marks VSwitchId optional, but Terraform and ROS require it, so the
        // create form does too.
        kind: FieldKind::IdList {
            id_prefix: "vsw-",
            max_items: 10,
        },
        required: true,
        group: Group::Network,
        help: "vSwitches of the temporary instance that pulls the images, separated by \
               commas.",
        ..OPTIONAL
    },
    Field {
        key: "zone_id",
        label: "Zone ID",
        api_name: "ZoneId",
        updatable: false,
        group: Group::Network,
        help: "Zone of the temporary instance, such as cn-hangzhou-g.",
        ..OPTIONAL
    },
    Field {
        key: "eip_instance_id",
        label: "EIP instance ID",
        api_name: "EipInstanceId",
        kind: FieldKind::Text {
            id_prefix: Some("eip-"),
        },
        group: Group::Network,
        help: "Elastic IP address that lets the temporary instance pull from public \
               registries; a NAT gateway on the vSwitch does the same.",
        ..OPTIONAL
    },
    Field {
        key: "image_registry_credential",
        label: "Registry credentials",
        api_name: "ImageRegistryCredential",
        kind: FieldKind::Credentials { max_items: 10 },
        group: Group::Registry,
        help: "Logins for private registries; images in Alibaba Cloud Container Registry \
               need none.",
        columns: CREDENTIAL_COLUMNS,
        ..OPTIONAL
    },
    Field {
        key: "acr_registry_info",
        label: "ACR Enterprise instances",
        api_name: "AcrRegistryInfo",
        // NOTE: the maximum number of instances is not documented, so none is enforced.
        kind: FieldKind::AcrRegistries,
        group: Group::Registry,
        help: "Container Registry Enterprise Edition instances whose images are pulled \
               without a password, such as through a custom domain.",
        columns: ACR_REGISTRY_COLUMNS,
        ..OPTIONAL
    },
    Field {
        key: "insecure_registry",
        label: "Registries with self-signed certificates",
        api_name: "InsecureRegistry",
        kind: FieldKind::RegistryAddresses,
        updatable: false,
        group: Group::Registry,
        help: "Self-managed registries whose HTTPS certificates are not verified, as \
               host[:port] separated by commas.",
        ..OPTIONAL
    },
    Field {
        key: "plain_http_registry",
        label: "Plain HTTP registries",
        api_name: "PlainHttpRegistry",
        kind: FieldKind::RegistryAddresses,
        updatable: false,
        group: Group::Registry,
        help: "Self-managed registries reached over HTTP instead of HTTPS, as host[:port] \
               separated by commas.",
        ..OPTIONAL
    },
    Field {
        key: "resource_group_id",
        label: "Resource group ID",
        api_name: "ResourceGroupId",
        kind: FieldKind::Text {
            id_prefix: Some("rg-"),
        },
        help: "Resource group the cache belongs to.",
        ..OPTIONAL
    },
    Field {
        key: "tags",
        label: "Tags",
        api_name: "Tag",
        kind: FieldKind::Tags { max_items: 20 },
        help: "Key-value tags of the cache.",
        columns: TAG_COLUMNS,
        ..OPTIONAL
    },
    Field {
        key: "auto_match_image_cache",
        label: "Reuse existing caches",
        api_name: "AutoMatchImageCache",
        kind: FieldKind::Bool,
        default: Some("off"),
        help: "Build the cache on the layers of a matching existing cache, which saves time.",
        ..OPTIONAL
    },
    Field {
        key: "flash",
        label: "Flash cache",
        api_name: "Flash",
        kind: FieldKind::Bool,
        default: Some("off"),
        help: "Make the cache usable sooner from a temporary local snapshot while the regular \
               snapshot is created.",
        ..OPTIONAL
    },
    Field {
        key: "standard_copy_count",
        label: "Standard snapshot copies",
        api_name: "StandardCopyCount",
        // NOTE: the range is not documented; 1 up to the largest 32-bit integer (the SDK's
        // type) is accepted.
        kind: FieldKind::Integer {
            min: 1,
            max: i32::MAX as i64,
        },
        unit: Some("copies"),
        help: "Copies of the regular snapshot; about one per 1,000 instances created from the \
               cache at once.",
        ..OPTIONAL
    },
    Field {
        key: "flash_copy_count",
        label: "Flash snapshot copies",
        api_name: "FlashCopyCount",
        // NOTE: the range is not documented; 1 up to the largest 32-bit integer (the SDK's
        // type) is accepted.
        kind: FieldKind::Integer {
            min: 1,
            max: i32::MAX as i64,
        },
        unit: Some("copies"),
        help: "Copies of the temporary local snapshot; about one per 1,000 instances created \
               from the cache at once.",
        ..OPTIONAL
    },
    Field {
        key: "elimination_strategy",
        label: "Elimination strategy",
        api_name: "EliminationStrategy",
        kind: FieldKind::Choice { options: &["LRU"] },
        default: Some("keep the cache"),
        help: "Eviction policy: LRU lets the service evict the least recently used caches.",
        ..OPTIONAL
    },
];

/// Members shared by most columns: optional, sent with both operations.
const OPTIONAL_COLUMN: Column = Column {
    key: "",
    label: "",
    api_name: "",
    kind: ColumnKind::Text,
    required: false,
    unique: false,
    on_create: true,
    updatable: true,
    help: "",
};

static CREDENTIAL_COLUMNS: &[Column] = &[
    Column {
        key: "server",
        label: "Server",
        api_name: "Server",
        kind: ColumnKind::RegistryAddress,
        required: true,
        unique: true,
        help: "Registry address without a scheme, such as registry.example.com:5000.",
        ..OPTIONAL_COLUMN
    },
    Column {
        key: "user_name",
        label: "User name",
        api_name: "UserName",
        required: true,
        help: "User name for the registry.",
        ..OPTIONAL_COLUMN
    },
    Column {
        key: "password",
        label: "Password",
        api_name: "Password",
        kind: ColumnKind::Secret,
        required: true,
        help: "Password for the registry.",
        ..OPTIONAL_COLUMN
    },
];

// NOTE: tag key and value length limits are not documented for ECI, so none is enforced.
static TAG_COLUMNS: &[Column] = &[
    Column {
        key: "key",
        label: "Key",
        api_name: "Key",
        required: true,
        unique: true,
        help: "Tag key.",
        ..OPTIONAL_COLUMN
    },
    Column {
        key: "value",
        label: "Value",
        api_name: "Value",
        help: "Tag value.",
        ..OPTIONAL_COLUMN
    },
];

static ACR_REGISTRY_COLUMNS: &[Column] = &[
    Column {
        key: "instance_id",
        label: "Instance ID",
        api_name: "InstanceId",
        required: true,
        unique: true,
        help: "ID of the Container Registry Enterprise Edition instance.",
        ..OPTIONAL_COLUMN
    },
    Column {
        key: "instance_name",
        label: "Instance name",
        api_name: "InstanceName",
        help: "Name of the instance.",
        ..OPTIONAL_COLUMN
    },
    Column {
        key: "region_id",
        label: "Region ID",
        api_name: "RegionId",
        help: "Region of the instance, such as cn-hangzhou.",
        ..OPTIONAL_COLUMN
    },
    Column {
        // NOTE: the SDK comment describes comma-separated domains, but the SDK flattens a
        // list (`Domain.M`); the list form is the one sent.
        key: "domains",
        label: "Domains",
        api_name: "Domain",
        kind: ColumnKind::RegistryAddressList,
        help: "Custom domain names of the instance, one per line.",
        ..OPTIONAL_COLUMN
    },
    Column {
        key: "arn_service",
        label: "Service role ARN",
        api_name: "ArnService",
        updatable: false,
        help: "RAM role ARN sent as ArnService, for an instance in another account.",
        ..OPTIONAL_COLUMN
    },
    Column {
        key: "arn_user",
        label: "User role ARN",
        api_name: "ArnUser",
        updatable: false,
        help: "RAM role ARN sent as ArnUser, for an instance in another account.",
        ..OPTIONAL_COLUMN
    },
];
