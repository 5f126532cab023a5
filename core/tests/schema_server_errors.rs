//! Service errors about a request parameter, shown at the form field they name.

use eci_core::api::ApiError;
use eci_core::schema::{issue_from_api_error, Severity};

fn api_error(code: &str, message: &str) -> ApiError {
    ApiError {
        http_status: 400,
        code: code.to_string(),
        message: message.to_string(),
        request_id: "req-1".to_string(),
        raw_body: String::new(),
    }
}

#[test]
fn invalid_parameter_dotted_code() {
    let issue = issue_from_api_error(&api_error(
        "InvalidParameter.ImageCacheSize",
        "The specified parameter ImageCacheSize is not valid.",
    ))
    .unwrap();
    assert_eq!(issue.field, "image_cache_size");
    assert_eq!(issue.severity, Severity::Error);
    assert_eq!(
        issue.message,
        "Cache size: the service rejected `ImageCacheSize` (InvalidParameter.ImageCacheSize: The \
         specified parameter ImageCacheSize is not valid); correct it and submit again."
    );
}

#[test]
fn invalid_code_with_parameter_name() {
    let issue = issue_from_api_error(&api_error("InvalidImageCacheSize", "")).unwrap();
    assert_eq!(issue.field, "image_cache_size");
    assert_eq!(
        issue.message,
        "Cache size: the service rejected `ImageCacheSize` (InvalidImageCacheSize); correct it \
         and submit again."
    );
}

#[test]
fn missing_parameter_named_in_message() {
    let issue = issue_from_api_error(&api_error(
        "MissingParameter",
        "The input parameter \"ImageCacheName\" that is mandatory for processing this request is \
         not supplied.",
    ))
    .unwrap();
    assert_eq!(issue.field, "image_cache_name");
    assert_eq!(
        issue.message,
        "Name: the service reports `ImageCacheName` as missing (MissingParameter); fill it in and \
         submit again."
    );
}

#[test]
fn quoted_image_index() {
    let issue = issue_from_api_error(&api_error(
        "InvalidParameter",
        "The specified parameter \"Image.3\" is not valid.",
    ))
    .unwrap();
    assert_eq!(issue.field, "images");
    assert_eq!(
        issue.message,
        "Images: the service rejected entry 3 (`Image.3`) (InvalidParameter: The specified \
         parameter \"Image.3\" is not valid); correct it and submit again."
    );
}

#[test]
fn unquoted_image_index_in_message() {
    let issue = issue_from_api_error(&api_error(
        "InvalidParameter",
        "Image.3 is not a valid image reference",
    ))
    .unwrap();
    assert_eq!(issue.field, "images");
    assert!(issue
        .message
        .starts_with("Images: the service rejected entry 3 (`Image.3`)"));
}

#[test]
fn not_found_code_names_field() {
    let issue = issue_from_api_error(&api_error(
        "InvalidSecurityGroupId.NotFound",
        "The specified security group does not exist.",
    ))
    .unwrap();
    assert_eq!(issue.field, "security_group_id");
}

#[test]
fn partial_parameter_name_in_code() {
    let issue = issue_from_api_error(&api_error("InvalidVSwitch.NotFound", "")).unwrap();
    assert_eq!(issue.field, "vswitch_id");
}

#[test]
fn size_code_without_invalid_prefix() {
    let issue = issue_from_api_error(&api_error(
        "ImageCacheSize.TooSmall",
        "The image cache size is smaller than the images.",
    ))
    .unwrap();
    assert_eq!(issue.field, "image_cache_size");
    assert_eq!(
        issue.message,
        "Cache size: the service rejected `ImageCacheSize` (ImageCacheSize.TooSmall: The image \
         cache size is smaller than the images); correct it and submit again."
    );
}

#[test]
fn credential_row_and_column() {
    let issue = issue_from_api_error(&api_error(
        "InvalidParameter",
        "The specified parameter \"ImageRegistryCredential.2.Password\" 'hunter2' is not valid.",
    ))
    .unwrap();
    assert_eq!(issue.field, "image_registry_credential");
    assert_eq!(
        issue.message,
        "Registry credentials: the service rejected row 2, Password \
         (`ImageRegistryCredential.2.Password`) (InvalidParameter); correct it and submit again."
    );
    assert!(!issue.message.contains("hunter2"));
}

#[test]
fn tag_row_column() {
    let issue = issue_from_api_error(&api_error("InvalidParameter.Tag.1.Key", "")).unwrap();
    assert_eq!(issue.field, "tags");
}

#[test]
fn quota_code_names_no_field() {
    let error = api_error(
        "QuotaExceed.ImageCacheCount",
        "The image cache quota is exceeded.",
    );
    assert_eq!(issue_from_api_error(&error), None);
}

#[test]
fn prose_word_is_not_a_parameter() {
    let error = api_error(
        "InvalidParameter",
        "Image pull failed for the Flash snapshot",
    );
    assert_eq!(issue_from_api_error(&error), None);
}

#[test]
fn region_parameter_names_no_field() {
    let error = api_error(
        "InvalidParameter",
        "The specified parameter \"RegionId\" is not valid.",
    );
    assert_eq!(issue_from_api_error(&error), None);
}

#[test]
fn signature_error_is_not_scanned() {
    // The string to sign in this message names form parameters; it must stay in the banner.
    let error = api_error(
        "SignatureDoesNotMatch",
        "Specified signature is not matched with our calculation. server string to sign \
         is:GET&%2F&ImageCacheSize%3D20",
    );
    assert_eq!(issue_from_api_error(&error), None);
}

#[test]
fn throttling_names_no_field() {
    assert_eq!(
        issue_from_api_error(&api_error("Throttling.User", "Request was denied.")),
        None
    );
}

#[test]
fn long_service_message_is_cut() {
    let message = format!("ImageCacheSize is invalid: {}", "x".repeat(500));
    let issue = issue_from_api_error(&api_error("InvalidParameter", &message)).unwrap();
    assert_eq!(issue.field, "image_cache_size");
    assert!(issue.message.contains('…'), "{}", issue.message);
    assert!(issue.message.len() < 350, "{}", issue.message);
}
