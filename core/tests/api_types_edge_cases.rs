//! Edge cases of the response types: bodies that are not a JSON object, numbers out of
//! range or sent as text, `null` where a list or text is expected, and unknown statuses.
//! A success body of the wrong shape must become an error, and one odd field must not hide
//! the rest of a response.

use eci_core::api::{
    parse_response, ApiError, CacheStatus, CreateImageCacheResponse, DescribeImageCachesResponse,
    ErrorKind, ImageCache, RequestIdResponse,
};

fn describe(body: &str) -> Result<DescribeImageCachesResponse, ApiError> {
    parse_response::<DescribeImageCachesResponse>(200, Some("header-id"), body)
}

fn describe_ok(body: &str) -> DescribeImageCachesResponse {
    describe(body).unwrap_or_else(|error| panic!("{body}: {error:?}"))
}

fn first_cache(body: &str) -> ImageCache {
    describe_ok(body).image_caches.remove(0)
}

#[test]
fn array_body_is_not_a_success() {
    for body in ["[]", "[\"r\", 5]", "[{}]"] {
        let error = describe(body).expect_err(body);
        assert_eq!(error.http_status, 200, "{body}");
        assert_eq!(error.code, "", "{body}");
        assert_eq!(error.kind(), ErrorKind::UnexpectedBody, "{body}");
        assert!(
            error
                .message
                .starts_with("the response body is not the expected JSON: invalid type: sequence"),
            "{body}: {}",
            error.message
        );
    }
    assert!(parse_response::<CreateImageCacheResponse>(200, None, "[]").is_err());
    assert!(parse_response::<RequestIdResponse>(200, None, "[]").is_err());
}

#[test]
fn array_cache_entry_is_an_error() {
    assert!(describe(r#"{"ImageCaches":[["imc-1","web"]]}"#).is_err());
    assert!(describe(r#"{"ImageCaches":[{"Tags":[["env","test"]]}]}"#).is_err());
    assert!(describe(r#"{"ImageCaches":[{"Events":[[1,"e"]]}]}"#).is_err());
}

#[test]
fn non_object_bodies_are_errors() {
    for body in [
        "",
        "null",
        "5",
        "\"text\"",
        "true",
        "<html></html>",
        "{\"RequestId\":",
    ] {
        let error = describe(body).expect_err(body);
        assert_eq!(error.kind(), ErrorKind::UnexpectedBody, "{body}");
        assert_eq!(error.request_id, "header-id", "{body}");
    }
}

#[test]
fn integers_beyond_i64_are_unknown() {
    let body = r#"{"TotalCount":99999999999999999999,
        "ImageCaches":[{"ImageCacheSize":-99999999999999999999}]}"#;
    let response = describe_ok(body);
    assert_eq!(response.total_count, None);
    assert_eq!(response.image_caches[0].image_cache_size, None);

    let float = describe_ok(r#"{"TotalCount":1e20}"#);
    assert_eq!(float.total_count, None);
}

#[test]
fn fractions_are_unknown_and_whole_floats_count() {
    assert_eq!(describe_ok(r#"{"TotalCount":5.7}"#).total_count, None);
    assert_eq!(describe_ok(r#"{"TotalCount":20.0}"#).total_count, Some(20));
    assert_eq!(describe_ok(r#"{"TotalCount":-3}"#).total_count, Some(-3));
}

#[test]
fn numbers_as_text() {
    let response = describe_ok(
        r#"{"TotalCount":" 25 ","ImageCaches":[{"ImageCacheSize":"40",
            "Events":[{"Count":"3"}]}]}"#,
    );
    assert_eq!(response.total_count, Some(25));
    let cache = &response.image_caches[0];
    assert_eq!(cache.image_cache_size, Some(40));
    assert_eq!(cache.events[0].count, Some(3));
    assert_eq!(describe_ok(r#"{"TotalCount":"20GiB"}"#).total_count, None);
    assert_eq!(describe_ok(r#"{"TotalCount":""}"#).total_count, None);
}

#[test]
fn wrong_scalar_type_does_not_hide_the_response() {
    let response = describe_ok(
        r#"{"RequestId":"r","TotalCount":true,"NextToken":5,
            "ImageCaches":[{"ImageCacheId":"imc-1","Status":3,"ImageCacheSize":false,
            "Progress":100,"Images":["a:1",7]}]}"#,
    );
    assert_eq!(response.request_id, "r");
    assert_eq!(response.total_count, None);
    assert_eq!(response.next_token, "5");
    let cache = &response.image_caches[0];
    assert_eq!(cache.image_cache_id, "imc-1");
    assert_eq!(cache.status, "3");
    assert_eq!(cache.status(), CacheStatus::Other("3".into()));
    assert_eq!(cache.image_cache_size, None);
    assert_eq!(cache.progress, "100");
    assert_eq!(cache.images, ["a:1", "7"]);
}

#[test]
fn next_token_absent_empty_or_null_ends_paging() {
    for body in [r#"{}"#, r#"{"NextToken":""}"#, r#"{"NextToken":null}"#] {
        assert_eq!(describe_ok(body).next_token, "", "{body}");
    }
    assert_eq!(describe_ok(r#"{"NextToken":"t-2"}"#).next_token, "t-2");
}

#[test]
fn null_lists_are_empty() {
    assert!(describe_ok(r#"{"ImageCaches":null}"#)
        .image_caches
        .is_empty());
    let cache = first_cache(r#"{"ImageCaches":[{"Images":null,"Tags":null,"Events":null}]}"#);
    assert!(cache.images.is_empty());
    assert!(cache.tags.is_empty());
    assert!(cache.events.is_empty());
}

#[test]
fn null_list_entries_are_skipped() {
    let response = describe_ok(
        r#"{"ImageCaches":[null,{"ImageCacheId":"imc-1","Images":["a:1",null,"b:2"],
            "Tags":[null,{"Key":"env","Value":null}],"Events":[null]}]}"#,
    );
    assert_eq!(response.image_caches.len(), 1);
    let cache = &response.image_caches[0];
    assert_eq!(cache.images, ["a:1", "b:2"]);
    assert_eq!(cache.tags.len(), 1);
    assert_eq!(cache.tags[0].key, "env");
    assert_eq!(cache.tags[0].value, "");
    assert!(cache.events.is_empty());
}

#[test]
fn unknown_and_empty_statuses() {
    for status in ["Deleting", "ready", "READY", ""] {
        let body = format!(r#"{{"ImageCaches":[{{"Status":"{status}"}}]}}"#);
        let cache = first_cache(&body);
        assert_eq!(
            cache.status(),
            CacheStatus::Other(status.into()),
            "{status}"
        );
        assert!(!cache.status().is_pending(), "{status}");
        assert!(!cache.status().allows_update(), "{status}");
    }
}

#[test]
fn responses_serialize_as_before() {
    let cache = first_cache(
        r#"{"ImageCaches":[{"ImageCacheId":"imc-1","ImageCacheSize":20,"Status":"Ready",
            "Tags":[{"Key":"env","Value":"test"}],"Events":[{"Count":1,"Type":"Normal"}]}]}"#,
    );
    let json = serde_json::to_value(&cache).unwrap();
    assert_eq!(json["ImageCacheId"], "imc-1");
    assert_eq!(json["ImageCacheSize"], 20);
    assert_eq!(json["Tags"][0]["Key"], "env");
    assert_eq!(json["Events"][0]["Type"], "Normal");
    let back: ImageCache = serde_json::from_value(json).unwrap();
    assert_eq!(back, cache);

    let created = CreateImageCacheResponse {
        request_id: "r".into(),
        image_cache_id: "imc-1".into(),
        container_group_id: "eci-1".into(),
    };
    assert_eq!(
        serde_json::to_string(&created).unwrap(),
        r#"{"RequestId":"r","ImageCacheId":"imc-1","ContainerGroupId":"eci-1"}"#
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn any_body_parses_without_panic(body in proptest::prelude::any::<String>(), status in 0u16..600) {
        let _ = parse_response::<DescribeImageCachesResponse>(status, None, &body);
        let _ = parse_response::<CreateImageCacheResponse>(status, None, &body);
    }

    #[test]
    fn json_like_body_parses_without_panic(
        body in r#"[{}\[\]":,0-9a-zA-Z .eE+-]{0,120}"#,
        status in proptest::prelude::prop_oneof![proptest::prelude::Just(200u16), 400u16..600],
    ) {
        let _ = parse_response::<DescribeImageCachesResponse>(status, Some("h"), &body);
    }
}
