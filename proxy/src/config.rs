//! Runtime settings of the proxy and the checks that the command line applies to them.

use std::time::Duration;

use axum::http::Uri;

/// Upstream timeout used when the command line sets none.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Maximum request body forwarded upstream (1 MiB). Larger bodies get 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Maximum upstream response body passed back (16 MiB). Larger bodies get 502.
/// NOTE: the limit is an estimate with a wide margin. The console requests image caches 20
/// at a time, so real ECI responses are expected to be far smaller.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Settings for [`crate::app`].
#[derive(Clone, Debug)]
pub struct Config {
    /// Base URL that receives every request in place of the ECI endpoint, such as the local
    /// emulator. `None` forwards to `https://eci.{region}.aliyuncs.com/`.
    pub upstream: Option<Uri>,
    /// Origins allowed to call the proxy, compared exactly with the `Origin` request header.
    /// An empty list allows any origin.
    pub allowed_origins: Vec<String>,
    /// Time limit for one upstream exchange: connect, send the request, read the whole response.
    pub timeout: Duration,
    /// Forward to the VPC endpoint `eci-vpc.{region}.aliyuncs.com`.
    pub vpc: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            upstream: None,
            allowed_origins: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            vpc: false,
        }
    }
}

/// Parses an `--upstream` value: an absolute `http` or `https` URL with an optional path
/// prefix, no query and no user name or password.
pub fn parse_upstream(value: &str) -> Result<Uri, String> {
    let uri: Uri = value
        .parse()
        .map_err(|error| format!("invalid upstream URL {value:?}: {error}"))?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    if !scheme_ok || uri.authority().is_none() {
        return Err(format!(
            "invalid upstream URL {value:?}: expected an absolute http:// or https:// URL \
             such as http://127.0.0.1:8082"
        ));
    }
    if uri
        .authority()
        .is_some_and(|authority| authority.as_str().contains('@'))
    {
        // The message leaves out the value, because the value contains a password.
        let message = "invalid upstream URL: remove the user name and password, because the \
                       proxy does not send them upstream";
        return Err(message.to_string());
    }
    if uri.query().is_some() {
        return Err(format!(
            "invalid upstream URL {value:?}: remove the query, because the proxy appends \
             the caller's signed query"
        ));
    }
    Ok(uri)
}

/// Parses an `--allow-origin` value: `scheme://host[:port]`, as browsers send it in the
/// `Origin` header, with no path and no trailing slash.
pub fn parse_origin(value: &str) -> Result<String, String> {
    let Some((scheme, host)) = value.split_once("://") else {
        return Err(format!(
            "invalid origin {value:?}: expected scheme://host[:port], such as \
             http://127.0.0.1:8080"
        ));
    };
    if scheme.is_empty() || host.is_empty() {
        return Err(format!(
            "invalid origin {value:?}: the scheme and the host must not be empty"
        ));
    }
    if host.contains('/') {
        return Err(format!(
            "invalid origin {value:?}: remove the path and the trailing slash, because \
             browsers send only scheme://host[:port]"
        ));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_accepts_http_and_https() {
        assert!(parse_upstream("http://127.0.0.1:8082").is_ok());
        assert!(parse_upstream("https://emulator.test/base").is_ok());
    }

    #[test]
    fn upstream_rejects_bad_urls() {
        for value in [
            "127.0.0.1:8082",
            "ftp://host",
            "/relative",
            "http://host/?a=1",
            "",
        ] {
            assert!(parse_upstream(value).is_err(), "{value:?} was accepted");
        }
    }

    #[test]
    fn upstream_rejects_userinfo() {
        let error = parse_upstream("http://user:hunter2@127.0.0.1:8082").unwrap_err();
        assert!(error.contains("user name"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn origin_accepts_scheme_host_port() {
        assert_eq!(
            parse_origin("http://127.0.0.1:8080").as_deref(),
            Ok("http://127.0.0.1:8080")
        );
    }

    #[test]
    fn origin_rejects_path_and_bare_host() {
        for value in [
            "http://a.test/",
            "http://a.test/app",
            "a.test",
            "http://",
            "://a",
        ] {
            assert!(parse_origin(value).is_err(), "{value:?} was accepted");
        }
    }
}
