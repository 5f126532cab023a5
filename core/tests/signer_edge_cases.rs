//! Edge cases of RPC signature V1: parameter names with reserved or non-ASCII characters,
//! values with every character class, the encoded `Signature`, and the choice between GET
//! and POST at the length limit. Expected strings and signatures come from an independent
//! implementation written like `aliyun-python-sdk-core` 2.16.1
//! (`rpc_signature_composer.py`: sort by the raw name, then `urlencode`, then replace `+`,
//! `*` and `%7E`).

use eci_core::params::Params;
use eci_core::request::{
    sign_params, sign_request, Credentials, Secret, SigningContext, MAX_GET_QUERY_LEN,
};
use eci_core::signer::{canonical_query, percent_encode, signature, string_to_sign, Method};
use percent_encoding::percent_decode_str;

const NONCE: &str = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";

/// The common parameters of the signature vectors, without a `Signature`.
fn common() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AccessKeyId", "testid"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", NONCE),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2018-08-08"),
        ("RegionId", "cn-hangzhou"),
        ("Action", "CreateImageCache"),
    ]
}

#[test]
fn names_sort_before_encoding() {
    // `x0` sorts before `x:` because `0` (0x30) is below `:` (0x3A); sorting the encoded
    // names instead would put `x%3A` first, since `%` is 0x25.
    let mut params = common();
    params.extend([
        ("x:", "colon"),
        ("x0", "zero"),
        ("xé", "accent"),
        ("xa", "letter"),
        ("x y", "space"),
        ("x~", "tilde"),
    ]);
    let query = canonical_query(&params);
    assert_eq!(
        query,
        "AccessKeyId=testid&Action=CreateImageCache&Format=JSON&RegionId=cn-hangzhou&\
         SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&\
         SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2018-08-08&\
         x%20y=space&x0=zero&x%3A=colon&xa=letter&x~=tilde&x%C3%A9=accent"
    );
    let to_sign = string_to_sign(Method::Get, &query);
    assert_eq!(
        to_sign,
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateImageCache%26Format%3DJSON%26\
         RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D\
         3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D\
         2016-02-23T12%253A46%253A24Z%26Version%3D2018-08-08%26x%2520y%3Dspace%26x0%3Dzero\
         %26x%253A%3Dcolon%26xa%3Dletter%26x~%3Dtilde%26x%25C3%25A9%3Daccent"
    );
    assert_eq!(
        signature("testsecret", &to_sign),
        "LvYwH47qJH8TLG5Js8493uY6inM="
    );
}

#[test]
fn same_name_sorts_by_value() {
    let params = [("Tag", "b"), ("Tag", "a:"), ("Tag", "a0")];
    assert_eq!(canonical_query(&params), "Tag=a0&Tag=a%3A&Tag=b");
}

#[test]
fn emoji_and_reserved_characters_in_post() {
    let mut params = common();
    params.push(("ImageCacheName", "😀 +*~!'()%"));
    let query = canonical_query(&params);
    assert_eq!(
        query,
        "AccessKeyId=testid&Action=CreateImageCache&Format=JSON&\
         ImageCacheName=%F0%9F%98%80%20%2B%2A~%21%27%28%29%25&RegionId=cn-hangzhou&\
         SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&\
         SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2018-08-08"
    );
    let to_sign = string_to_sign(Method::Post, &query);
    assert!(to_sign.starts_with("POST&%2F&"), "{to_sign}");
    assert!(
        to_sign.contains(
            "ImageCacheName%3D%25F0%259F%2598%2580%2520%252B%252A~%2521%2527%2528%2529%2525%26"
        ),
        "{to_sign}"
    );
    assert_eq!(
        signature("testsecret", &to_sign),
        "9AvX7nkRbp+jhHCwYuSvXJvY+YY="
    );
}

#[test]
fn encoding_keeps_only_unreserved_characters() {
    assert_eq!(percent_encode("a b+c"), "a%20b%2Bc");
    assert_eq!(percent_encode("*~"), "%2A~");
    assert_eq!(percent_encode("%41"), "%2541");
    assert_eq!(percent_encode("\u{10348}"), "%F0%90%8D%88");
    assert_eq!(percent_encode(""), "");
}

fn context<'a>(credentials: &'a Credentials, nonce: &'a str) -> SigningContext<'a> {
    SigningContext {
        credentials,
        region_id: "cn-hangzhou",
        unix_seconds: 1_456_231_584,
        nonce,
    }
}

/// Returns the text after `Signature=` in an encoded request.
fn sent_signature(encoded: &str) -> &str {
    encoded
        .rsplit_once("&Signature=")
        .map(|(_, signature)| signature)
        .expect("the request ends with a Signature pair")
}

#[test]
fn signature_is_encoded_in_get_and_post() {
    let credentials = Credentials::new("testid", "testsecret");
    let mut seen_plus = false;
    let mut seen_slash = false;
    for n in 0..400 {
        let nonce = format!("nonce-{n}");
        let mut params = Params::new();
        params.insert("ImageCacheName", "web");
        let get = sign_request("CreateImageCache", &params, &context(&credentials, &nonce));
        assert_eq!(get.method, Method::Get);
        let all = eci_core::request::with_common_params(
            "CreateImageCache",
            &params,
            &context(&credentials, &nonce),
        );
        let post = sign_params(
            "CreateImageCache",
            &all,
            &credentials.access_key_secret,
            Method::Post,
        );
        for signed in [&get, &post] {
            let sent = sent_signature(&signed.encoded);
            assert!(
                !sent.contains(['+', '/', '=']),
                "{nonce}: raw base64 character in {sent}"
            );
            let decoded = percent_decode_str(sent).decode_utf8().unwrap();
            assert_eq!(decoded, signed.signature, "{nonce}");
        }
        seen_plus |= get.signature.contains('+') || post.signature.contains('+');
        seen_slash |= get.signature.contains('/') || post.signature.contains('/');
    }
    assert!(seen_plus, "no signature among the nonces contains `+`");
    assert!(seen_slash, "no signature among the nonces contains `/`");
}

/// Returns parameters and a nonce whose GET encoding is exactly `length` bytes long. The
/// encoded signature varies in length (`+`, `/` and `=` take three bytes), so both the
/// name and the nonce are varied until the request reaches that length.
fn request_of_encoded_length(credentials: &Credentials, length: usize) -> Option<(Params, String)> {
    for n in 0..100 {
        let nonce = format!("nonce-{n}");
        for name_length in 1700..2000 {
            let mut params = Params::new();
            params.insert("ImageCacheName", "n".repeat(name_length));
            let all = eci_core::request::with_common_params(
                "CreateImageCache",
                &params,
                &context(credentials, &nonce),
            );
            let get = sign_params(
                "CreateImageCache",
                &all,
                &credentials.access_key_secret,
                Method::Get,
            );
            if get.encoded.len() == length {
                return Some((params, nonce));
            }
        }
    }
    None
}

#[test]
fn get_up_to_the_limit_then_post() {
    let credentials = Credentials::new("testid", "testsecret");

    let (at_limit, nonce) = request_of_encoded_length(&credentials, MAX_GET_QUERY_LEN)
        .expect("some request reaches the limit exactly");
    let signed = sign_request(
        "CreateImageCache",
        &at_limit,
        &context(&credentials, &nonce),
    );
    assert_eq!(signed.method, Method::Get);
    assert_eq!(signed.encoded.len(), MAX_GET_QUERY_LEN);
    assert_eq!(signed.query(), signed.encoded);
    assert_eq!(signed.body(), None);
    assert!(signed.string_to_sign.starts_with("GET&%2F&"));

    let (over_limit, nonce) = request_of_encoded_length(&credentials, MAX_GET_QUERY_LEN + 1)
        .expect("some request passes the limit by one byte");
    let signed = sign_request(
        "CreateImageCache",
        &over_limit,
        &context(&credentials, &nonce),
    );
    assert_eq!(signed.method, Method::Post);
    assert!(signed.string_to_sign.starts_with("POST&%2F&"));
    assert_eq!(signed.query(), "");
    assert_eq!(signed.body(), Some(signed.encoded.as_str()));
    let recomputed = signature(
        "testsecret",
        &string_to_sign(Method::Post, &signed.canonical_query),
    );
    assert_eq!(recomputed, signed.signature);
}

#[test]
fn blank_values_never_reach_the_signature() {
    let credentials = Credentials::new("testid", "testsecret");
    let mut with_blank = Params::new();
    with_blank
        .insert("ImageCacheName", "web")
        .insert("ResourceGroupId", "")
        .insert_list("Image", &["", "nginx:1", ""])
        .insert_opt::<&str>("ClientToken", None);
    let mut without = Params::new();
    without
        .insert("ImageCacheName", "web")
        .insert("Image.1", "nginx:1");
    let a = sign_request(
        "CreateImageCache",
        &with_blank,
        &context(&credentials, NONCE),
    );
    let b = sign_request("CreateImageCache", &without, &context(&credentials, NONCE));
    assert_eq!(a, b);
    assert!(!a.canonical_query.contains("ResourceGroupId"));
    assert!(!a.canonical_query.contains("=&"));
}

#[test]
fn secret_keys_hmac_unencoded() {
    // The HMAC key is the secret followed by `&`, with no encoding of the secret.
    let secret = Secret::new("a&b c+");
    let all = {
        let mut params = Params::new();
        params.insert("Action", "DescribeImageCaches");
        params
    };
    let signed = sign_params("DescribeImageCaches", &all, &secret, Method::Get);
    assert_eq!(
        signed.signature,
        signature("a&b c+", "GET&%2F&Action%3DDescribeImageCaches")
    );
}
