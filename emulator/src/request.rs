//! Decoding of an RPC request's parameters from the URL query and the form body.

use std::borrow::Cow;

use axum::http::{header, HeaderMap};
use eci_core::signer::Method;
use percent_encoding::percent_decode;

/// The decoded parameters of one request, in the order they arrived: query first, then the
/// form body. A key sent twice stays twice, so the signature covers exactly what was sent;
/// [`RpcParams::get`] returns the first value.
#[derive(Clone, Debug)]
pub struct RpcParams {
    pub method: Method,
    pub pairs: Vec<(String, String)>,
}

impl RpcParams {
    /// Decodes the parameters of a request. A POST body counts only when its content type
    /// is `application/x-www-form-urlencoded`.
    pub fn decode(method: Method, query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Self {
        let mut pairs = Vec::new();
        if let Some(query) = query {
            pairs.extend(decode_pairs(query.as_bytes(), PlusSign::Literal));
        }
        if method == Method::Post && is_form(headers) {
            pairs.extend(decode_pairs(body, PlusSign::Space));
        }
        Self { method, pairs }
    }

    /// Returns the first value of `key`, if it was sent.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Returns the first value of `key` unless it is missing or empty.
    pub fn non_empty(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|value| !value.is_empty())
    }
}

/// Returns `encoded` (a query or form body) with every `%20` replaced by `%2B`. This is
/// what a server that reads `+` literally receives behind a proxy that re-encodes each
/// space as `+`: a value with a space arrives with a plus sign instead.
pub fn space_as_plus(encoded: &[u8]) -> Cow<'_, [u8]> {
    if !encoded.windows(3).any(|window| window == b"%20") {
        return Cow::Borrowed(encoded);
    }
    let mut mangled = Vec::with_capacity(encoded.len());
    let mut rest = encoded;
    while !rest.is_empty() {
        if rest.starts_with(b"%20") {
            mangled.extend_from_slice(b"%2B");
            rest = &rest[3..];
        } else {
            mangled.push(rest[0]);
            rest = &rest[1..];
        }
    }
    Cow::Owned(mangled)
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// Meaning of a `+` in the encoded text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PlusSign {
    /// Query strings: plain percent-decoding, so `+` stays `+`.
    Literal,
    /// Form bodies: `application/x-www-form-urlencoded` turns `+` into a space, as servlet
    /// containers and other common servers do when they read a form.
    // NOTE: how the real gateway reads a raw `+` in the query is unknown. The console never
    // sends one: it encodes a space as `%20` and a plus sign as `%2B` in both places.
    Space,
}

fn decode_pairs(encoded: &[u8], plus: PlusSign) -> Vec<(String, String)> {
    encoded
        .split(|&byte| byte == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.iter().position(|&byte| byte == b'=') {
            Some(split) => (
                decode(&pair[..split], plus),
                decode(&pair[split + 1..], plus),
            ),
            None => (decode(pair, plus), String::new()),
        })
        .collect()
}

/// Percent-decodes one key or value. Bytes that are not valid UTF-8 become U+FFFD, so such
/// a request fails the signature check rather than the decoding.
fn decode(encoded: &[u8], plus: PlusSign) -> String {
    let bytes: Cow<'_, [u8]> = match plus {
        PlusSign::Space if encoded.contains(&b'+') => Cow::Owned(
            encoded
                .iter()
                .map(|&byte| if byte == b'+' { b' ' } else { byte })
                .collect(),
        ),
        _ => Cow::Borrowed(encoded),
    };
    let decoded: Vec<u8> = percent_decode(&bytes).collect();
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn form_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded; charset=UTF-8"),
        );
        headers
    }

    #[test]
    fn query_keeps_plus_and_decodes_percent() {
        let params = RpcParams::decode(
            Method::Get,
            Some("A=a%20b&B=c+d&C=%E6%B5%8B&Empty=&Bare"),
            &HeaderMap::new(),
            b"",
        );
        assert_eq!(params.get("A"), Some("a b"));
        assert_eq!(params.get("B"), Some("c+d"));
        assert_eq!(params.get("C"), Some("测"));
        assert_eq!(params.get("Empty"), Some(""));
        assert_eq!(params.get("Bare"), Some(""));
        assert_eq!(params.non_empty("Empty"), None);
    }

    #[test]
    fn form_body_reads_plus_as_space() {
        let params = RpcParams::decode(Method::Post, Some("Q=1"), &form_headers(), b"B=c+d%2B");
        assert_eq!(params.get("Q"), Some("1"));
        assert_eq!(params.get("B"), Some("c d+"));
    }

    #[test]
    fn space_as_plus_changes_only_encoded_spaces() {
        assert_eq!(
            space_as_plus(b"A=a%20b&B=%2520").as_ref(),
            b"A=a%2Bb&B=%2520"
        );
        assert_eq!(
            space_as_plus(b"A=a+b%2B"),
            Cow::Borrowed(b"A=a+b%2B".as_slice())
        );
        let params = RpcParams::decode(
            Method::Get,
            std::str::from_utf8(&space_as_plus(b"Tag.1.Value=web%20ops")).ok(),
            &HeaderMap::new(),
            b"",
        );
        assert_eq!(params.get("Tag.1.Value"), Some("web+ops"));
    }

    #[test]
    fn body_ignored_for_get_and_other_content_types() {
        let get = RpcParams::decode(Method::Get, None, &form_headers(), b"B=1");
        assert_eq!(get.get("B"), None);
        let json = RpcParams::decode(Method::Post, None, &HeaderMap::new(), b"B=1");
        assert_eq!(json.get("B"), None);
    }
}
