//! The RPC signature V1 vectors of core/tests/vectors/signature-v1.json, checked stage by
//! stage so that a failure shows whether encoding, sorting or the key is wrong. Both the
//! native tests and the browser tests include this file.

use std::collections::BTreeMap;

use eci_core::signer::{canonical_query, signature, string_to_sign, Method};
use serde::Deserialize;

#[derive(Deserialize)]
struct VectorFile {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
pub struct Vector {
    pub name: String,
    pub secret: String,
    pub params: BTreeMap<String, String>,
    pub canonical_query: Option<String>,
    #[serde(rename = "string_to_sign_GET")]
    pub string_to_sign_get: String,
    #[serde(rename = "signature_GET")]
    pub signature_get: String,
    #[serde(rename = "signature_POST")]
    pub signature_post: String,
    pub must_not_produce: BTreeMap<String, String>,
}

/// Returns every vector in the file, in file order.
pub fn vectors() -> Vec<Vector> {
    let text = include_str!("../vectors/signature-v1.json");
    serde_json::from_str::<VectorFile>(text)
        .expect("the vector file parses")
        .vectors
}

/// Checks one vector: canonical query (when given), GET string to sign, GET and POST
/// signatures, and that no known mistake's signature comes out.
pub fn check(vector: &Vector) {
    let name = &vector.name;
    let pairs: Vec<(&String, &String)> = vector.params.iter().collect();
    let query = canonical_query(&pairs);
    if let Some(expected) = &vector.canonical_query {
        assert_eq!(&query, expected, "{name}: canonical query");
    }

    let get_string = string_to_sign(Method::Get, &query);
    assert_eq!(
        get_string, vector.string_to_sign_get,
        "{name}: string to sign (GET)"
    );

    let get_signature = signature(&vector.secret, &get_string);
    assert_eq!(
        get_signature, vector.signature_get,
        "{name}: signature (GET)"
    );

    let post_signature = signature(&vector.secret, &string_to_sign(Method::Post, &query));
    assert_eq!(
        post_signature, vector.signature_post,
        "{name}: signature (POST)"
    );

    for (mistake, wrong) in &vector.must_not_produce {
        assert_ne!(
            &get_signature, wrong,
            "{name}: GET matches the {mistake} mistake"
        );
        assert_ne!(
            &post_signature, wrong,
            "{name}: POST matches the {mistake} mistake"
        );
    }
}
