//! Signature V1 test vectors: the example published in Alibaba Cloud's signature
//! documentation plus derived CreateImageCache cases, each checked stage by stage so that a
//! failure says whether encoding, sorting or the key is wrong.

#[path = "support/signature_vectors.rs"]
mod support;

use eci_core::params::Params;
use eci_core::request::{sign_params, Secret};
use eci_core::signer::{canonical_query, signature, string_to_sign, Method};
use support::{vectors, Vector};

fn vector(name: &str) -> Vector {
    vectors()
        .into_iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no vector {name}"))
}

fn pairs(vector: &Vector) -> Vec<(String, String)> {
    vector
        .params
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn check_vector(name: &str) {
    support::check(&vector(name));
}

#[test]
fn published_describe_regions() {
    check_vector("published_describe_regions");
}

#[test]
fn create_basic() {
    check_vector("create_basic");
}

#[test]
fn space_in_value() {
    check_vector("space_in_value");
}

#[test]
fn sub_delims_in_value() {
    check_vector("sub_delims_in_value");
}

#[test]
fn utf8_value() {
    check_vector("utf8_value");
}

#[test]
fn every_vector_in_file_is_tested() {
    let names: Vec<String> = vectors().into_iter().map(|v| v.name).collect();
    let tested = [
        "published_describe_regions",
        "create_basic",
        "space_in_value",
        "sub_delims_in_value",
        "utf8_value",
    ];
    assert_eq!(names, tested);
}

#[test]
fn timestamp_spelled_wrong_signs_differently() {
    let vector = vector("published_describe_regions");
    let mut renamed = pairs(&vector);
    for (key, _) in renamed.iter_mut() {
        if key == "Timestamp" {
            *key = "TimeStamp".to_string();
        }
    }
    let wrong = signature(
        &vector.secret,
        &string_to_sign(Method::Get, &canonical_query(&renamed)),
    );
    assert_eq!(
        wrong,
        vector.must_not_produce["param_spelled_TimeStamp_GET"]
    );
}

#[test]
fn blank_optional_field_is_not_signed() {
    let vector = vector("create_basic");
    let mut params = Params::new();
    for (key, value) in &vector.params {
        params.insert(key.as_str(), value.as_str());
    }
    params.insert("ResourceGroupId", "");
    let signed = sign_params(
        "CreateImageCache",
        &params,
        &Secret::new(&vector.secret),
        Method::Get,
    );
    assert_eq!(signed.signature, vector.signature_get);
    assert!(!signed.encoded.contains("ResourceGroupId"));
    assert_ne!(
        signed.signature,
        vector.must_not_produce["empty_ResourceGroupId_signed_GET"]
    );
}

#[test]
fn signed_request_carries_encoded_signature() {
    let vector = vector("space_in_value");
    let mut params = Params::new();
    for (key, value) in &vector.params {
        params.insert(key.as_str(), value.as_str());
    }
    let signed = sign_params(
        "CreateImageCache",
        &params,
        &Secret::new(&vector.secret),
        Method::Post,
    );
    assert_eq!(signed.signature, vector.signature_post);
    let expected_tail = format!("&Signature={}", "OyBqsxynHCnFh%2FUNhxE5EC%2FL8zU%3D");
    assert!(
        signed.encoded.ends_with(&expected_tail),
        "{}",
        signed.encoded
    );
    assert!(signed
        .encoded
        .contains("ImageRegistryCredential.1.Password=p%20w&"));
}
