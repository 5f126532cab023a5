//! Pure functions that pick the forwarding target.
//!
//! The destination host is built only from a region that passed [`is_valid_region`], or from
//! the operator's `--upstream` base URL. Nothing in the request chooses the host, so the proxy
//! reaches ECI endpoints and nothing else. The caller's query string is appended as it arrived.

use axum::http::Uri;

/// Region names are one DNS label, which is at most 63 bytes long (RFC 1035).
const MAX_REGION_LEN: usize = 63;

/// Reason that a request path names no region to forward to.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// The path is `/{segment}` or `/{segment}/`, but the segment is no valid region.
    InvalidRegion,
    /// The path has more than one segment, so it matches no proxy route.
    NotFound,
}

/// Checks `region` against `^[a-z]{2}(-[a-z0-9]+){1,3}$`, as in `cn-hangzhou`,
/// `ap-southeast-1` or `cn-zhengzhou-jva`.
pub fn is_valid_region(region: &str) -> bool {
    if region.len() > MAX_REGION_LEN {
        return false;
    }
    let mut parts = region.split('-');
    let prefix = parts.next().unwrap_or_default();
    if prefix.len() != 2 || !prefix.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let mut rest = 0;
    for part in parts {
        let part_ok = !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !part_ok {
            return false;
        }
        rest += 1;
    }
    (1..=3).contains(&rest)
}

/// Extracts the region from a raw, still percent-encoded request path `/{region}` or
/// `/{region}/`. Working on the raw path keeps `%2e%2e` and friends from turning into a
/// valid-looking region after decoding.
pub fn region_from_path(path: &str) -> Result<&str, PathError> {
    let without_slash = path.strip_prefix('/').unwrap_or(path);
    let segment = without_slash.strip_suffix('/').unwrap_or(without_slash);
    if segment.contains('/') {
        return Err(PathError::NotFound);
    }
    if is_valid_region(segment) {
        Ok(segment)
    } else {
        Err(PathError::InvalidRegion)
    }
}

/// Returns the public or VPC ECI endpoint of a region, without a trailing slash.
/// `region` must have passed [`is_valid_region`].
pub fn eci_base_url(region: &str, vpc: bool) -> String {
    let service = if vpc { "eci-vpc" } else { "eci" };
    format!("https://{service}.{region}.aliyuncs.com")
}

/// Returns an `--upstream` URL as a base without a trailing slash, keeping any path prefix.
/// Any `user:password@` is dropped, because hyper never sends it and the base URL appears in
/// error messages and logs.
pub fn upstream_base_url(upstream: &Uri) -> String {
    let scheme = upstream.scheme_str().unwrap_or("http");
    let authority = upstream
        .authority()
        .map(|authority| authority.as_str())
        .unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_userinfo, host_port)| host_port);
    let path = upstream.path().trim_end_matches('/');
    format!("{scheme}://{host_port}{path}")
}

/// Appends `/` and the raw query string, unchanged, to a base URL.
pub fn forward_url(base: &str, query: Option<&str>) -> String {
    match query {
        Some(query) => format!("{base}/?{query}"),
        None => format!("{base}/"),
    }
}

/// Returns the emulator route that serves its demo AccessKey pair.
pub fn demo_credentials_url(upstream: &Uri) -> String {
    format!("{}/demo-credentials", upstream_base_url(upstream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_accepts_known_shapes() {
        for region in [
            "cn-hangzhou",
            "ap-southeast-1",
            "cn-zhengzhou-jva",
            "us-east-1",
        ] {
            assert!(is_valid_region(region), "{region:?} was rejected");
        }
    }

    #[test]
    fn region_rejects_other_strings() {
        let rejected = [
            "",
            "cn",
            "cn-",
            "-cn-hangzhou",
            "cn--hangzhou",
            "CN-hangzhou",
            "cn-Hangzhou",
            "c1-hangzhou",
            "cnn-hangzhou",
            "cn-a-b-c-d",
            "cn-hangzhou.evil.com",
            "evil.com",
            "..",
            "user@host",
            "cn-hang%7Ahou",
            "cn_hangzhou",
            "cn-hangzhou ",
        ];
        for region in rejected {
            assert!(!is_valid_region(region), "{region:?} was accepted");
        }
    }

    #[test]
    fn region_rejects_over_63_bytes() {
        let long = format!("cn-{}", "a".repeat(61));
        assert_eq!(long.len(), 64);
        assert!(!is_valid_region(&long));
        assert!(is_valid_region(&long[..63]));
    }

    #[test]
    fn path_with_and_without_slash() {
        assert_eq!(region_from_path("/cn-hangzhou/"), Ok("cn-hangzhou"));
        assert_eq!(region_from_path("/cn-hangzhou"), Ok("cn-hangzhou"));
    }

    #[test]
    fn path_invalid_region() {
        for path in [
            "/",
            "//",
            "/..",
            "/%2e%2e/",
            "/evil.com/",
            "/a@b/",
            "/Cn-hangzhou",
        ] {
            assert_eq!(
                region_from_path(path),
                Err(PathError::InvalidRegion),
                "{path}"
            );
        }
    }

    #[test]
    fn path_extra_segments_not_found() {
        for path in ["/cn-hangzhou/x", "/emulator/demo-credentials", "/a/b/"] {
            assert_eq!(region_from_path(path), Err(PathError::NotFound), "{path}");
        }
    }

    #[test]
    fn url_public_endpoint() {
        let base = eci_base_url("cn-hangzhou", false);
        assert_eq!(base, "https://eci.cn-hangzhou.aliyuncs.com");
        assert_eq!(
            forward_url(&base, Some("Action=DescribeImageCaches&Signature=a%2Bb%3D")),
            "https://eci.cn-hangzhou.aliyuncs.com/?Action=DescribeImageCaches&Signature=a%2Bb%3D"
        );
    }

    #[test]
    fn url_vpc_endpoint() {
        let base = eci_base_url("ap-southeast-1", true);
        assert_eq!(
            forward_url(&base, None),
            "https://eci-vpc.ap-southeast-1.aliyuncs.com/"
        );
    }

    #[test]
    fn url_upstream_drops_userinfo() {
        let upstream: Uri = "http://user:pw@127.0.0.1:8082/base".parse().unwrap();
        assert_eq!(upstream_base_url(&upstream), "http://127.0.0.1:8082/base");
    }

    #[test]
    fn url_upstream_ipv6() {
        let upstream: Uri = "http://[::1]:8082/".parse().unwrap();
        assert_eq!(upstream_base_url(&upstream), "http://[::1]:8082");
    }

    #[test]
    fn url_upstream_base() {
        let upstream: Uri = "http://127.0.0.1:8082".parse().unwrap();
        let base = upstream_base_url(&upstream);
        assert_eq!(base, "http://127.0.0.1:8082");
        assert_eq!(
            forward_url(&base, Some("a=%20%22")),
            "http://127.0.0.1:8082/?a=%20%22"
        );
    }

    #[test]
    fn url_upstream_path_prefix() {
        let upstream: Uri = "https://emulator.test/eci/".parse().unwrap();
        let base = upstream_base_url(&upstream);
        assert_eq!(forward_url(&base, None), "https://emulator.test/eci/");
    }

    #[test]
    fn url_empty_query_kept() {
        assert_eq!(forward_url("http://h", Some("")), "http://h/?");
    }

    #[test]
    fn url_demo_credentials() {
        let upstream: Uri = "http://127.0.0.1:8082/".parse().unwrap();
        assert_eq!(
            demo_credentials_url(&upstream),
            "http://127.0.0.1:8082/demo-credentials"
        );
    }
}
