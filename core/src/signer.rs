//! Alibaba Cloud RPC signature V1 (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`).
//!
//! The stages are pure functions named after the signature documentation: percent-encode
//! each key and value, join the sorted pairs into the canonical query, wrap it into the
//! string to sign, and key an HMAC-SHA1 with the secret followed by `&`. Nothing here reads
//! a clock, draws a nonce or touches HTTP, so the browser, the emulator and the tests share
//! one implementation and test vectors stay exact.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;

/// Characters that RFC 3986 calls unreserved stay literal; every other byte is encoded as
/// `%XX` with uppercase hex. Clients have broken on each of these differences:
/// - space must be `%20`, never the `+` of form encoding;
/// - `*` must be `%2A`, and `~` must stay literal (Java's `URLEncoder` does the opposite);
/// - `! ' ( )` must be encoded, though JavaScript's `encodeURIComponent` leaves them raw;
/// - non-ASCII text is encoded as its UTF-8 bytes, with uppercase hex digits.
pub const RFC3986_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// HTTP method of a signed request. It is the first field of the string to sign, so it
/// must be the method that actually goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Percent-encodes `input` with [`RFC3986_ENCODE_SET`].
pub fn percent_encode(input: &str) -> String {
    percent_encoding::utf8_percent_encode(input, RFC3986_ENCODE_SET).to_string()
}

/// Builds the canonical query: the pairs sorted by the byte order of the raw name (then of
/// the raw value), each name and value percent-encoded, joined with `&`. So `Image.1` sorts
/// before `ImageCacheName`, and `Image.10` before `Image.2`. The same string is what goes on
/// the wire, before the `Signature` pair is appended.
///
/// The sort comes before the encoding, as in Alibaba Cloud's SDKs (`aliyun-python-sdk-core`
/// 2.16.1 sorts `params.items()`): sorting encoded names would put `x:` (`x%3A`) before
/// `x0`, because `%` sorts below every digit and letter.
pub fn canonical_query<K, V>(params: &[(K, V)]) -> String
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(key, value)| (key.as_ref(), value.as_ref()))
        .collect();
    sorted.sort_unstable();

    let pairs: Vec<String> = sorted
        .into_iter()
        .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value)))
        .collect();
    pairs.join("&")
}

/// Builds the string to sign: `METHOD&%2F&` followed by the canonical query, encoded once
/// more (so `%3A` inside a value becomes `%253A`).
pub fn string_to_sign(method: Method, canonical_query: &str) -> String {
    format!(
        "{}&{}&{}",
        method.as_str(),
        percent_encode("/"),
        percent_encode(canonical_query)
    )
}

/// Computes the signature: base64 of HMAC-SHA1 over the string to sign, keyed with the
/// AccessKey secret followed by `&`.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let key = format!("{access_key_secret}&");
    let mut mac =
        Hmac::<Sha1>::new_from_slice(key.as_bytes()).expect("HMAC accepts a key of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_every_printable_ascii_character() {
        let printable: String = (0x20u8..0x7f).map(char::from).collect();
        let expected = "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C-.%2F0123456789%3A%3B%3C%3D%3E%3F\
                        %40ABCDEFGHIJKLMNOPQRSTUVWXYZ%5B%5C%5D%5E_%60abcdefghijklmnopqrstuvwxyz\
                        %7B%7C%7D~";
        assert_eq!(percent_encode(&printable), expected);
    }

    #[test]
    fn encodes_utf8_with_uppercase_hex() {
        assert_eq!(percent_encode("测试"), "%E6%B5%8B%E8%AF%95");
    }

    #[test]
    fn sorts_flattened_lists_by_byte_order() {
        let params = [
            ("Image.2", "b"),
            ("Image.10", "c"),
            ("ImageCacheName", "n"),
            ("Image.1", "a"),
        ];
        assert_eq!(
            canonical_query(&params),
            "Image.1=a&Image.10=c&Image.2=b&ImageCacheName=n"
        );
    }

    #[test]
    fn sorts_uppercase_before_lowercase() {
        let params = [("VSwitchId", "v"), ("Version", "2018-08-08")];
        assert_eq!(canonical_query(&params), "VSwitchId=v&Version=2018-08-08");
    }
}
