//! Connection settings: where requests go and which AccessKey signs them.
//!
//! Pasted values often carry a stray space or line break, and a space inside a signed value
//! changes the signature, so every value is trimmed here once, before anything else reads it.
//! The checks of the AccessKey itself are `eci_core::credentials`.

use eci_core::credentials::{check_credentials, credentials_from_input};
use eci_core::request::Credentials;

/// Proxy the console talks to unless the user sets another: `eci-proxy` on its default port.
pub const DEFAULT_PROXY_URL: &str = "http://127.0.0.1:8081";

pub const DEFAULT_REGION: &str = "cn-hangzhou";

/// Region ids offered as suggestions. The list is the set of ECI endpoints in Alibaba Cloud's
/// "Endpoints" page for Elastic Container Instance; any other id can still be typed.
pub const COMMON_REGIONS: &[&str] = &[
    "cn-hangzhou",
    "cn-shanghai",
    "cn-beijing",
    "cn-qingdao",
    "cn-zhangjiakou",
    "cn-huhehaote",
    "cn-wulanchabu",
    "cn-nanjing",
    "cn-fuzhou",
    "cn-shenzhen",
    "cn-heyuan",
    "cn-guangzhou",
    "cn-chengdu",
    "cn-hongkong",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "us-west-1",
];

/// Everything a request needs besides its own parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Base URL of the CORS proxy, without a trailing slash.
    pub proxy_url: String,
    pub region: String,
    pub credentials: Credentials,
}

impl Settings {
    /// Builds settings from the raw text of the settings fields, trimming each value.
    pub fn from_input(
        proxy_url: &str,
        region: &str,
        access_key_id: &str,
        access_key_secret: &str,
        security_token: &str,
    ) -> Self {
        let credentials = credentials_from_input(access_key_id, access_key_secret, security_token);
        Self {
            proxy_url: normalize_proxy_url(proxy_url),
            region: region.trim().to_string(),
            credentials,
        }
    }

    /// Returns the URL that signed requests for the region go to: `{proxy_url}/{region}/`.
    pub fn api_url(&self) -> String {
        format!("{}/{}/", self.proxy_url, self.region)
    }

    /// Returns the first problem that stops a request from being sent, as a sentence that
    /// names the setting and the fix.
    pub fn problem(&self) -> Option<String> {
        if self.proxy_url.is_empty() {
            return Some(
                "Enter the proxy URL in Settings, for example http://127.0.0.1:8081.".into(),
            );
        }
        if !is_http_url(&self.proxy_url) {
            return Some(format!(
                "The proxy URL \"{}\" must start with http:// or https://; correct it in Settings.",
                self.proxy_url
            ));
        }
        if !is_region_id(&self.region) {
            return Some(format!(
                "The region \"{}\" is not a region id such as cn-hangzhou; correct it in Settings.",
                self.region
            ));
        }
        let credentials = &self.credentials;
        let token = credentials
            .security_token
            .as_ref()
            .map(|token| token.expose());
        check_credentials(
            &credentials.access_key_id,
            credentials.access_key_secret.expose(),
            token.unwrap_or_default(),
        )
        .into_iter()
        .find(|issue| issue.blocking)
        .map(|issue| format!("Settings: {}", issue.message))
    }
}

/// Returns the URL at which a proxy in emulator mode serves the emulator's demo AccessKey.
pub fn demo_credentials_url(proxy_url: &str) -> String {
    format!(
        "{}/emulator/demo-credentials",
        normalize_proxy_url(proxy_url)
    )
}

/// Trims the URL and drops trailing slashes, so that paths can be appended with `/`.
pub fn normalize_proxy_url(proxy_url: &str) -> String {
    proxy_url.trim().trim_end_matches('/').to_string()
}

fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    rest.is_some_and(|host| !host.is_empty())
}

/// Returns whether `region` has the shape of a region id (`cn-hangzhou`, `ap-southeast-1`).
/// The proxy builds a host name from it, so anything else is rejected before sending.
fn is_region_id(region: &str) -> bool {
    let mut parts = region.split('-');
    let first_is_letters = parts
        .next()
        .is_some_and(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    let rest_ok = !rest.is_empty()
        && rest.len() <= 3
        && rest.iter().all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    first_is_letters && rest_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Settings {
        Settings::from_input(
            " http://127.0.0.1:8081/ ",
            " cn-hangzhou\n",
            " id ",
            "\tsecret ",
            " ",
        )
    }

    #[test]
    fn input_is_trimmed() {
        let settings = complete();
        assert_eq!(settings.proxy_url, "http://127.0.0.1:8081");
        assert_eq!(settings.region, "cn-hangzhou");
        assert_eq!(settings.credentials.access_key_id, "id");
        assert_eq!(settings.credentials.access_key_secret.expose(), "secret");
    }

    #[test]
    fn blank_token_is_absent() {
        assert_eq!(complete().credentials.security_token, None);
        let with_token = Settings::from_input("http://p", "cn-hangzhou", "id", "s", " tok \n");
        let token = with_token.credentials.security_token.expect("token kept");
        assert_eq!(token.expose(), "tok");
    }

    #[test]
    fn api_url_names_region() {
        assert_eq!(complete().api_url(), "http://127.0.0.1:8081/cn-hangzhou/");
    }

    #[test]
    fn demo_url_tolerates_trailing_slash() {
        assert_eq!(
            demo_credentials_url("http://127.0.0.1:8081/"),
            "http://127.0.0.1:8081/emulator/demo-credentials"
        );
    }

    #[test]
    fn complete_settings_have_no_problem() {
        assert_eq!(complete().problem(), None);
    }

    #[test]
    fn problems_name_the_setting() {
        let cases = [
            (
                Settings::from_input("", "cn-hangzhou", "id", "s", ""),
                "proxy URL",
            ),
            (
                Settings::from_input("127.0.0.1:8081", "cn-hangzhou", "id", "s", ""),
                "http://",
            ),
            (
                Settings::from_input("http://p", "Hangzhou", "id", "s", ""),
                "\"Hangzhou\"",
            ),
            (
                Settings::from_input("http://p", "cn-hangzhou", "", "s", ""),
                "AccessKey ID",
            ),
            (
                Settings::from_input("http://p", "cn-hangzhou", "id", "", ""),
                "AccessKey secret",
            ),
        ];
        for (settings, expected) in cases {
            let problem = settings.problem().expect("a problem");
            assert!(
                problem.contains(expected),
                "{problem:?} should mention {expected:?}"
            );
        }
    }

    #[test]
    fn region_shapes() {
        for good in [
            "cn-hangzhou",
            "ap-southeast-1",
            "cn-zhengzhou-jva",
            "us-west-1",
        ] {
            assert!(is_region_id(good), "{good}");
        }
        for bad in [
            "",
            "cn",
            "cn-",
            "CN-hangzhou",
            "cn-hang.zhou",
            "evil.com/x",
            "a-b-c-d-e",
        ] {
            assert!(!is_region_id(bad), "{bad}");
        }
    }
}
