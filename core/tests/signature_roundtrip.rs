//! Property tests: whatever the values and nonce, the server-side decoding of the sent
//! request yields the parameters and the signature that the client computed.

use eci_core::params::Params;
use eci_core::request::{sign_request, Credentials, SigningContext};
use eci_core::signer::{canonical_query, signature, string_to_sign};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

fn decode(encoded: &str) -> Vec<(String, String)> {
    encoded
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').expect("every pair has '='");
            let key = percent_decode_str(key)
                .decode_utf8()
                .expect("UTF-8 key")
                .into_owned();
            let value = percent_decode_str(value)
                .decode_utf8()
                .expect("UTF-8 value")
                .into_owned();
            (key, value)
        })
        .collect()
}

proptest! {
    #[test]
    fn server_decodes_what_client_signed(
        nonce in "[ -~]{1,40}",
        name in "\\PC{0,30}",
        password in "\\PC{0,30}",
        seconds in 0i64..4_000_000_000,
    ) {
        let credentials = Credentials::new("testid", "testsecret");
        let context = SigningContext { credentials: &credentials, region_id: "cn-hangzhou", unix_seconds: seconds, nonce: &nonce };
        let mut params = Params::new();
        params.insert("ImageCacheName", name.as_str());
        params.insert("ImageRegistryCredential.1.Password", password.as_str());
        let signed = sign_request("CreateImageCache", &params, &context);

        let mut received = decode(&signed.encoded);
        let (key, sent_signature) = received.pop().expect("at least one pair");
        prop_assert_eq!(key, "Signature");
        prop_assert_eq!(&sent_signature, &signed.signature);

        let recomputed = signature("testsecret", &string_to_sign(signed.method, &canonical_query(&received)));
        prop_assert_eq!(recomputed, sent_signature);
        prop_assert_eq!(received.iter().find(|(k, _)| k == "SignatureNonce").map(|(_, v)| v.as_str()), Some(nonce.as_str()));
    }
}
