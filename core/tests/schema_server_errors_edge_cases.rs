//! Service errors whose code spells out an indexed parameter (`InvalidParameter.Image.3`)
//! or only part of a parameter name (`InvalidSecurityGroup.NotFound`).

use eci_core::api::ApiError;
use eci_core::schema::issue_from_api_error;

fn message_for(code: &str, message: &str) -> (&'static str, String) {
    let error = ApiError {
        http_status: 400,
        code: code.to_string(),
        message: message.to_string(),
        request_id: "req-1".to_string(),
        raw_body: String::new(),
    };
    let issue = issue_from_api_error(&error).unwrap_or_else(|| panic!("{code}: no field"));
    (issue.field, issue.message)
}

#[test]
fn dotted_code_keeps_the_index() {
    assert_eq!(
        message_for("InvalidParameter.Image.3", "x"),
        (
            "images",
            "Images: the service rejected entry 3 (`Image.3`) (InvalidParameter.Image.3: x); \
             correct it and submit again."
                .to_string()
        )
    );
    assert_eq!(
        message_for("MissingImage.1", ""),
        (
            "images",
            "Images: the service reports entry 1 (`Image.1`) as missing (MissingImage.1); fill \
             it in and submit again."
                .to_string()
        )
    );
}

#[test]
fn dotted_code_keeps_row_and_column() {
    assert_eq!(
        message_for(
            "InvalidParameter.ImageRegistryCredential.1.Password",
            "password hunter2 is too short"
        ),
        (
            "image_registry_credential",
            "Registry credentials: the service rejected row 1, Password \
             (`ImageRegistryCredential.1.Password`) \
             (InvalidParameter.ImageRegistryCredential.1.Password); correct it and submit again."
                .to_string()
        )
    );
}

#[test]
fn suffix_without_index_is_not_a_parameter() {
    assert_eq!(
        message_for(
            "InvalidImageCacheName.Duplicate",
            "The name already exists."
        ),
        (
            "image_cache_name",
            "Name: the service rejected `ImageCacheName` (InvalidImageCacheName.Duplicate: The \
             name already exists); correct it and submit again."
                .to_string()
        )
    );
}

#[test]
fn partial_name_shows_the_parameter() {
    assert_eq!(
        message_for("InvalidSecurityGroup.NotFound", ""),
        (
            "security_group_id",
            "Security group ID: the service rejected `SecurityGroupId` \
             (InvalidSecurityGroup.NotFound); correct it and submit again."
                .to_string()
        )
    );
    assert_eq!(
        message_for("InvalidVSwitch.NotFound", "").1,
        "vSwitch ID: the service rejected `VSwitchId` (InvalidVSwitch.NotFound); correct it \
         and submit again."
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    #[test]
    fn any_code_and_message_never_panics(
        code in "(Invalid|Missing|)(Parameter\\.)?(Image|ImageRegistryCredential|Tag|VSwitch|\\PC{0,6})(\\.[0-9é]{0,2}){0,3}(\\.NotFound)?",
        message in "\\PC{0,40}",
        status in 0u16..600,
    ) {
        let error = ApiError {
            http_status: status,
            code,
            message,
            request_id: String::new(),
            raw_body: String::new(),
        };
        if let Some(issue) = issue_from_api_error(&error) {
            proptest::prop_assert!(!issue.message.is_empty());
        }
    }
}
