//! The shared RPC signature V1 vectors (core/tests/vectors/signature-v1.json), checked
//! stage by stage so that a failure shows whether encoding, sorting or the key is wrong.

use std::collections::BTreeMap;

use eci_console::core::signer::{canonical_query, signature, string_to_sign, Method};
use serde::Deserialize;

#[derive(Deserialize)]
struct VectorFile {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
pub struct Vector {
    pub name: String,
    secret: String,
    params: BTreeMap<String, String>,
    canonical_query: Option<String>,
    #[serde(rename = "string_to_sign_GET")]
    string_to_sign_get: String,
    #[serde(rename = "signature_GET")]
    signature_get: String,
    #[serde(rename = "signature_POST")]
    signature_post: String,
    must_not_produce: BTreeMap<String, String>,
}

/// Returns every vector in the file, in file order.
pub fn vectors() -> Vec<Vector> {
    let text = include_str!("../../core/tests/vectors/signature-v1.json");
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
