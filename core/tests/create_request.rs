//! The create form, flattened by the schema and signed by the request builder, produces
//! exactly the request of the `create_basic` vector.

use eci_core::api::CREATE_IMAGE_CACHE;
use eci_core::request::{sign_request, Credentials, SigningContext};
use eci_core::schema::{create_params, FormValues};
use eci_core::signer::Method;

#[test]
fn form_signs_like_create_basic_vector() {
    let mut form = FormValues::new();
    form.set_text("image_cache_name", "test-cache")
        .set_list(
            "images",
            [
                "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:alpine",
                " ",
            ],
        )
        .set_text("security_group_id", " sg-test ")
        .set_text("vswitch_id", "vsw-test")
        .set_text("resource_group_id", "");
    let params = create_params(&form);

    let credentials = Credentials::new("testid", "testsecret");
    let context = SigningContext {
        credentials: &credentials,
        region_id: "cn-hangzhou",
        unix_seconds: 1_456_231_584,
        nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    };
    let signed = sign_request(CREATE_IMAGE_CACHE, &params, &context);

    assert_eq!(signed.method, Method::Get);
    assert_eq!(
        signed.canonical_query,
        "AccessKeyId=testid&Action=CreateImageCache&Format=JSON&Image.1=registry-vpc.cn-hangzhou.aliyuncs.com%2Feci_open%2Fnginx%3Aalpine&ImageCacheName=test-cache&RegionId=cn-hangzhou&SecurityGroupId=sg-test&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&VSwitchId=vsw-test&Version=2018-08-08"
    );
    assert_eq!(signed.signature, "mBp8Bnxz1JZVwlM3Y+qFM0s9hyM=");
    assert_eq!(
        signed.encoded,
        format!(
            "{}&Signature=mBp8Bnxz1JZVwlM3Y%2BqFM0s9hyM%3D",
            signed.canonical_query
        )
    );
}

#[test]
fn security_token_is_signed_when_set() {
    let credentials = Credentials::new("STS.testid", "testsecret").with_security_token("tok en");
    let context = SigningContext {
        credentials: &credentials,
        region_id: "cn-hangzhou",
        unix_seconds: 0,
        nonce: "n",
    };
    let signed = sign_request(
        CREATE_IMAGE_CACHE,
        &create_params(&FormValues::new()),
        &context,
    );
    assert!(
        signed.canonical_query.contains("&SecurityToken=tok%20en&"),
        "{}",
        signed.canonical_query
    );
}
