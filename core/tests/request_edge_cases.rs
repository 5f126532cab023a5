//! Edge cases of the request builder: timestamps at and past the range that RFC 3339 can
//! print, and the common parameters around the action's own.

use eci_core::params::Params;
use eci_core::request::{
    format_timestamp, parse_timestamp, sign_request, with_common_params, Credentials,
    SigningContext,
};

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since the Unix epoch.
const FIRST_SECOND: i64 = -62_167_219_200;
const LAST_SECOND: i64 = 253_402_300_799;

#[test]
fn timestamp_range_edges() {
    assert_eq!(format_timestamp(FIRST_SECOND), "0000-01-01T00:00:00Z");
    assert_eq!(format_timestamp(LAST_SECOND), "9999-12-31T23:59:59Z");
    assert_eq!(parse_timestamp("0000-01-01T00:00:00Z"), Some(FIRST_SECOND));
    assert_eq!(parse_timestamp("9999-12-31T23:59:59Z"), Some(LAST_SECOND));
}

#[test]
fn timestamp_out_of_range_is_clamped() {
    // RFC 3339 prints only the years 0000 to 9999; the formatter fails on earlier years,
    // and `time` cannot represent later ones without its large-dates feature.
    assert_eq!(format_timestamp(FIRST_SECOND - 1), "0000-01-01T00:00:00Z");
    assert_eq!(format_timestamp(-100_000_000_000), "0000-01-01T00:00:00Z");
    assert_eq!(format_timestamp(i64::MIN), "0000-01-01T00:00:00Z");
    assert_eq!(format_timestamp(LAST_SECOND + 1), "9999-12-31T23:59:59Z");
    assert_eq!(format_timestamp(i64::MAX), "9999-12-31T23:59:59Z");
}

#[test]
fn signing_never_panics_on_any_clock() {
    let credentials = Credentials::new("testid", "testsecret");
    for unix_seconds in [i64::MIN, -100_000_000_000, -1, 0, LAST_SECOND + 1, i64::MAX] {
        let context = SigningContext {
            credentials: &credentials,
            region_id: "cn-hangzhou",
            unix_seconds,
            nonce: "n",
        };
        let signed = sign_request("DescribeImageCaches", &Params::new(), &context);
        assert!(
            signed.canonical_query.contains("&Timestamp="),
            "{unix_seconds}"
        );
    }
}

#[test]
fn region_override_and_blank_region() {
    let credentials = Credentials::new("testid", "testsecret");
    let context = SigningContext {
        credentials: &credentials,
        region_id: "cn-hangzhou",
        unix_seconds: 0,
        nonce: "n",
    };
    let mut params = Params::new();
    params.insert("RegionId", "cn-beijing");
    let all = with_common_params("DescribeImageCaches", &params, &context);
    let regions: Vec<&str> = all
        .pairs()
        .iter()
        .filter(|(key, _)| key == "RegionId")
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(regions, ["cn-beijing"]);

    let blank = SigningContext {
        region_id: "",
        ..context
    };
    let all = with_common_params("DescribeImageCaches", &Params::new(), &blank);
    assert_eq!(all.get("RegionId"), None);
}

#[test]
fn empty_security_token_is_not_sent() {
    let credentials = Credentials::new("STS.testid", "testsecret").with_security_token("");
    assert_eq!(credentials.security_token, None);
    let context = SigningContext {
        credentials: &credentials,
        region_id: "cn-hangzhou",
        unix_seconds: 0,
        nonce: "n",
    };
    let signed = sign_request("DescribeImageCaches", &Params::new(), &context);
    assert!(!signed.canonical_query.contains("SecurityToken"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    #[test]
    fn any_second_formats_and_parses_back(unix_seconds in proptest::prelude::any::<i64>()) {
        let text = format_timestamp(unix_seconds);
        proptest::prop_assert_eq!(text.len(), 20);
        let clamped = unix_seconds.clamp(FIRST_SECOND, LAST_SECOND);
        proptest::prop_assert_eq!(parse_timestamp(&text), Some(clamped));
    }
}
