//! Property tests for the forwarding target: whatever the request path and query, the URL
//! that the proxy sends to has the host `eci.<region>.aliyuncs.com` (or `eci-vpc.…`) for a
//! region that passed validation, or the configured upstream, or the path is rejected.

use axum::http::Uri;
use eci_proxy::endpoint::{
    eci_base_url, forward_url, is_valid_region, region_from_path, upstream_base_url,
};
use proptest::prelude::*;

/// Characters that path and host tricks are made of, plus look-alikes of Latin letters:
/// Cyrillic `с` and `а`, fullwidth `ｃ`, dotless `ı`, Kelvin sign `K` and `ſ` (long s).
const TRICKY: &[&str] = &[
    "/",
    ".",
    "..",
    "%2f",
    "%2F",
    "%2e",
    "%00",
    "@",
    ":",
    "\\",
    "?",
    "#",
    "%",
    "-",
    "_",
    " ",
    "\u{0441}",
    "\u{0430}",
    "\u{ff43}",
    "\u{0131}",
    "\u{212a}",
    "\u{017f}",
    "evil.test",
    "127.0.0.1",
    "aliyuncs.com",
    "xn--",
    "\r\n",
    "\t",
    "~",
    "+",
];

/// Generates a path segment that is often a valid region and otherwise a near miss.
fn segment() -> impl Strategy<Value = String> {
    let region_like = "[a-z]{2}(-[a-z0-9]{1,10}){0,4}";
    let near_miss = "[a-zA-Z0-9]{0,4}(-[a-zA-Z0-9.]{0,6}){0,4}";
    let tricky =
        prop::collection::vec(prop::sample::select(TRICKY), 0..6).prop_map(|parts| parts.concat());
    let mixed = (region_like, prop::sample::select(TRICKY), "[a-z0-9-]{0,8}")
        .prop_map(|(region, trick, tail)| format!("{region}{trick}{tail}"));
    prop_oneof![
        6 => region_like.prop_map(String::from),
        2 => near_miss.prop_map(String::from),
        2 => tricky,
        2 => mixed,
        1 => "[a-z]{60,70}".prop_map(|s| format!("cn-{s}")),
    ]
}

/// Generates a path of one to three segments, mostly one, with or without a leading or
/// trailing slash.
fn path() -> impl Strategy<Value = String> {
    let segments = prop_oneof![
        3 => prop::collection::vec(segment(), 1..2),
        1 => prop::collection::vec(segment(), 2..4),
    ];
    (segments, any::<bool>(), any::<bool>()).prop_map(|(segments, leading, trailing)| {
        let mut path = segments.join("/");
        if leading {
            path.insert(0, '/');
        }
        if trailing {
            path.push('/');
        }
        path
    })
}

/// Generates a query string of characters that could move the authority if the URL were
/// built carelessly.
fn query() -> impl Strategy<Value = Option<String>> {
    let piece = prop_oneof![
        "[A-Za-z0-9=&%._~-]{0,12}".prop_map(String::from),
        prop::sample::select(TRICKY).prop_map(String::from),
        Just("@evil.test/".to_string()),
        Just("//evil.test:80/".to_string()),
    ];
    prop::option::of(prop::collection::vec(piece, 0..6).prop_map(|parts| parts.concat()))
}

/// Checks the region shape `^[a-z]{2}(-[a-z0-9]+){1,3}$` and the 63-byte limit, written
/// out separately from the crate's check.
fn matches_region_shape(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let prefix_ok = parts[0].len() == 2 && parts[0].bytes().all(|b| b.is_ascii_lowercase());
    let rest_ok = parts[1..].iter().all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    prefix_ok && rest_ok && (2..=4).contains(&parts.len()) && region.len() <= 63
}

/// Parses a forwarding URL. `None` means the `http` crate's URI parser rejects it, so the
/// proxy sends nothing and returns an error.
fn parse(url: &str) -> Option<Uri> {
    url.parse::<Uri>().ok()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn eci_host_only_from_valid_region(path in path(), query in query(), vpc in any::<bool>()) {
        let Ok(region) = region_from_path(&path) else {
            return Ok(());
        };
        prop_assert!(is_valid_region(region), "{region:?} from {path:?}");
        prop_assert!(matches_region_shape(region), "{region:?} from {path:?}");

        let url = forward_url(&eci_base_url(region, vpc), query.as_deref());
        let Some(uri) = parse(&url) else {
            return Ok(());
        };
        let service = if vpc { "eci-vpc" } else { "eci" };
        let expected_host = format!("{service}.{region}.aliyuncs.com");
        prop_assert_eq!(uri.scheme_str(), Some("https"), "{}", url);
        prop_assert_eq!(uri.host(), Some(expected_host.as_str()), "{}", url);
        prop_assert_eq!(uri.port(), None, "{}", url);
        prop_assert_eq!(uri.authority().map(|a| a.as_str()), Some(expected_host.as_str()));
        prop_assert_eq!(uri.path(), "/", "{}", url);
    }

    #[test]
    fn upstream_host_fixed(path in path(), query in query()) {
        let upstream: Uri = "http://127.0.0.1:8082/base".parse().unwrap();
        if region_from_path(&path).is_err() {
            return Ok(());
        }
        let url = forward_url(&upstream_base_url(&upstream), query.as_deref());
        let Some(uri) = parse(&url) else {
            return Ok(());
        };
        prop_assert_eq!(uri.authority().map(|a| a.as_str()), Some("127.0.0.1:8082"));
        prop_assert_eq!(uri.path(), "/base/", "{}", url);
    }

    #[test]
    fn region_check_matches_shape(region in segment()) {
        prop_assert_eq!(is_valid_region(&region), matches_region_shape(&region), "{:?}", region);
    }
}

#[test]
fn generator_reaches_valid_regions() {
    // Guards the properties above against a generator that only yields rejected paths.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = path();
    let accepted = (0..1000)
        .filter(|_| {
            let path = strategy.new_tree(&mut runner).unwrap().current();
            region_from_path(&path).is_ok()
        })
        .count();
    assert!(
        accepted > 100,
        "only {accepted} of 1000 paths named a valid region"
    );
}
