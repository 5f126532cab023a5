//! Request checks: common parameters, timestamp, AccessKey, security token, signature,
//! nonce, version and action, each with its error code and HTTP status.

mod common;

use std::time::Duration;

use common::{params, without_pair, Client, Reply};
use eci_core::params::Params;
use eci_core::request::{format_timestamp, sign_params, Credentials};
use eci_core::signer::Method;
use eci_emulator::faults::FaultSettings;
use eci_emulator::state::{STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET};
use eci_emulator::Config;

const DESCRIBE: &str = "DescribeImageCaches";

/// Signs `all` (common parameters included) with the client's secret and sends it as GET.
async fn send_all(client: &Client, all: &Params) -> Reply {
    let signed = sign_params(
        DESCRIBE,
        all,
        &client.credentials.access_key_secret,
        Method::Get,
    );
    client.send(&signed).await
}

/// Returns `all` with `key` set to `value` (replacing any earlier value).
fn replaced(all: &Params, key: &str, value: &str) -> Params {
    let mut changed = Params::new();
    for (existing, old) in all.pairs() {
        changed.insert(
            existing.as_str(),
            if existing == key { value } else { old.as_str() },
        );
    }
    if all.get(key).is_none() {
        changed.insert(key, value);
    }
    changed
}

#[tokio::test]
async fn signed_describe_succeeds() {
    let client = Client::demo();
    let reply = client.call(DESCRIBE, &Params::new()).await.expect_ok();
    assert_eq!(reply.body["TotalCount"], 0);
    assert_eq!(reply.body["NextToken"], "");
    assert_eq!(reply.body["ImageCaches"], serde_json::json!([]));
}

#[tokio::test]
async fn every_response_has_request_id_and_date() {
    let client = Client::demo();
    let success = client.call(DESCRIBE, &Params::new()).await.expect_ok();
    let failure = client
        .send_raw("GET", "Action=DescribeImageCaches", None)
        .await;
    for reply in [success, failure] {
        let header = reply.headers["x-acs-request-id"].to_str().unwrap();
        assert_eq!(header, reply.body["RequestId"].as_str().unwrap());
        assert_eq!(header.len(), 36, "request id {header} is not a UUID");
        assert!(reply.headers.contains_key("date"));
    }
}

#[tokio::test]
async fn error_body_has_service_fields() {
    let client = Client::demo();
    let reply = client
        .send_raw(
            "GET",
            "Action=DescribeImageCaches&RegionId=cn-beijing",
            None,
        )
        .await;
    assert_eq!(reply.body["HostId"], "eci.cn-beijing.aliyuncs.com");
    let recommend = reply.body["Recommend"].as_str().unwrap();
    assert!(recommend.contains("MissingParameter"), "{recommend}");
    assert!(
        recommend.contains(reply.body["RequestId"].as_str().unwrap()),
        "{recommend}"
    );
}

#[tokio::test]
async fn missing_common_parameter() {
    let client = Client::demo();
    let required = [
        "Action",
        "Version",
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "Timestamp",
    ];
    for name in required {
        let signed = client.sign(DESCRIBE, &Params::new(), Method::Get);
        let reply = client
            .send_raw("GET", &without_pair(&signed.encoded, name), None)
            .await;
        reply.expect_error("MissingParameter", 400);
        let quoted = format!("\"{name}\"");
        assert!(
            reply.message().contains(&quoted),
            "{name}: {}",
            reply.message()
        );
    }
}

#[tokio::test]
async fn format_is_optional_but_must_be_json() {
    let client = Client::demo();
    let all = client.all_params(DESCRIBE, &Params::new());
    let without_format: Params = {
        let mut remaining = Params::new();
        for (key, value) in all.pairs().iter().filter(|(key, _)| key != "Format") {
            remaining.insert(key.as_str(), value.as_str());
        }
        remaining
    };
    send_all(&client, &without_format).await.expect_ok();

    let all = client.all_params(DESCRIBE, &Params::new());
    let reply = send_all(&client, &replaced(&all, "Format", "XML")).await;
    reply.expect_error("InvalidParameter", 400);
    assert!(
        reply.message().contains("\"Format\""),
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn unsupported_signature_method_and_version() {
    let client = Client::demo();
    let all = client.all_params(DESCRIBE, &Params::new());
    let reply = send_all(&client, &replaced(&all, "SignatureMethod", "HMAC-SHA256")).await;
    reply.expect_error("InvalidParameter", 400);
    assert!(
        reply.message().contains("\"SignatureMethod\""),
        "{}",
        reply.message()
    );

    let all = client.all_params(DESCRIBE, &Params::new());
    let reply = send_all(&client, &replaced(&all, "SignatureVersion", "2.0")).await;
    reply.expect_error("InvalidParameter", 400);
    assert!(
        reply.message().contains("\"SignatureVersion\""),
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn timestamp_format_rejected() {
    let client = Client::demo();
    let now = format_timestamp(client.emulator.now_ms() / 1000);
    let malformed = [
        now.replace('T', " "),
        now.replace('T', "t"),
        now.replace('Z', ".000Z"),
        now.replace('Z', "+00:00"),
        (client.emulator.now_ms() / 1000).to_string(),
    ];
    for value in malformed {
        let all = client.all_params(DESCRIBE, &Params::new());
        let reply = send_all(&client, &replaced(&all, "Timestamp", &value)).await;
        assert_eq!(
            reply.code(),
            "InvalidTimeStamp.Format",
            "{value}: {}",
            reply.body
        );
        assert_eq!(reply.status, 400, "{value}");
    }
}

#[tokio::test]
async fn timestamp_outside_window_expired() {
    let client = Client::demo();
    let now_secs = client.emulator.now_ms() / 1000;
    for offset_secs in [-16 * 60, 16 * 60] {
        let all = client.all_params(DESCRIBE, &Params::new());
        let skewed = format_timestamp(now_secs + offset_secs);
        let reply = send_all(&client, &replaced(&all, "Timestamp", &skewed)).await;
        assert_eq!(
            reply.code(),
            "InvalidTimeStamp.Expired",
            "offset {offset_secs}s"
        );
        assert_eq!(reply.status, 400, "offset {offset_secs}s");
    }
    for offset_secs in [-14 * 60, 14 * 60] {
        let all = client.all_params(DESCRIBE, &Params::new());
        let skewed = format_timestamp(now_secs + offset_secs);
        let reply = send_all(&client, &replaced(&all, "Timestamp", &skewed)).await;
        assert_eq!(reply.status, 200, "offset {offset_secs}s: {}", reply.body);
    }
}

#[tokio::test]
async fn clock_offset_expires_real_time() {
    let client = Client::new(Config {
        clock_offset_secs: 3600,
        ..Config::default()
    });
    let system_secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let all = client.all_params(DESCRIBE, &Params::new());
    let reply = send_all(
        &client,
        &replaced(&all, "Timestamp", &format_timestamp(system_secs)),
    )
    .await;
    reply.expect_error("InvalidTimeStamp.Expired", 400);

    let date = reply.headers["date"].to_str().unwrap();
    let date_secs = httpdate_secs(date);
    let skew = date_secs - system_secs;
    assert!(
        (3590..=3610).contains(&skew),
        "Date header {date} is {skew}s from the system clock"
    );
}

fn httpdate_secs(value: &str) -> i64 {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(value, &format)
        .unwrap()
        .assume_utc()
        .unix_timestamp()
}

#[tokio::test]
async fn unknown_access_key() {
    let mut client = Client::demo();
    client.credentials = Credentials::new("LTAIunknownKey", "whatever");
    let reply = client.call(DESCRIBE, &Params::new()).await;
    reply.expect_error("InvalidAccessKeyId.NotFound", 404);
}

#[tokio::test]
async fn wrong_secret_shows_server_string_to_sign() {
    let mut client = Client::demo();
    client.credentials = Credentials::new(client.credentials.access_key_id.clone(), "wrong");
    let signed = client.sign(
        DESCRIBE,
        &params(&[("ImageCacheName", "a b+c*~测")]),
        Method::Get,
    );
    let reply = client.send(&signed).await;
    reply.expect_error("SignatureDoesNotMatch", 400);
    let expected = format!(
        "Specified signature is not matched with our calculation. server string to sign is:{}",
        signed.string_to_sign
    );
    assert_eq!(reply.message(), expected);
}

#[tokio::test]
async fn signature_covers_the_method_used() {
    let client = Client::demo();
    let signed_get = client.sign(DESCRIBE, &Params::new(), Method::Get);
    let reply = client.send_raw("POST", "", Some(&signed_get.encoded)).await;
    reply.expect_error("SignatureDoesNotMatch", 400);
    let server_string = reply
        .message()
        .split("server string to sign is:")
        .nth(1)
        .unwrap();
    assert!(server_string.starts_with("POST&%2F&"), "{server_string}");

    let signed_post = client.sign(DESCRIBE, &Params::new(), Method::Post);
    client.send(&signed_post).await.expect_ok();
}

#[tokio::test]
async fn tampered_parameter_fails_signature() {
    let client = Client::demo();
    let signed = client.sign(DESCRIBE, &params(&[("ImageCacheName", "web")]), Method::Get);
    let tampered = signed
        .encoded
        .replace("ImageCacheName=web", "ImageCacheName=www");
    assert_ne!(tampered, signed.encoded);
    client
        .send_raw("GET", &tampered, None)
        .await
        .expect_error("SignatureDoesNotMatch", 400);
}

#[tokio::test]
async fn special_characters_verify_in_query_and_form() {
    let client = Client::demo();
    let values = ["p w", "a+b", "a!b*c'd(e)", "测试", "~-._", "x=y&z", "%20"];
    for value in values {
        for method in [Method::Get, Method::Post] {
            let signed = client.sign(DESCRIBE, &params(&[("ImageCacheName", value)]), method);
            let reply = client.send(&signed).await;
            assert_eq!(reply.status, 200, "{value:?} {method:?}: {}", reply.body);
        }
    }
}

#[tokio::test]
async fn empty_signed_parameter_is_kept() {
    // The older Python SDK sends `SignatureType=` with an empty value and signs it.
    let client = Client::demo();
    let all = client.all_params(DESCRIBE, &Params::new());
    let mut pairs = all.into_pairs();
    pairs.push(("SignatureType".to_string(), String::new()));
    let canonical = eci_core::signer::canonical_query(&pairs);
    let string_to_sign = eci_core::signer::string_to_sign(Method::Get, &canonical);
    let signature = eci_core::signer::signature(
        client.credentials.access_key_secret.expose(),
        &string_to_sign,
    );
    assert!(canonical.contains("SignatureType=&"), "{canonical}");
    let query = format!(
        "{canonical}&Signature={}",
        eci_core::signer::percent_encode(&signature)
    );
    client.send_raw("GET", &query, None).await.expect_ok();
}

#[tokio::test]
async fn reused_nonce_rejected() {
    let client = Client::demo();
    let signed = client.sign(DESCRIBE, &Params::new(), Method::Get);
    client.send(&signed).await.expect_ok();
    client
        .send(&signed)
        .await
        .expect_error("SignatureNonceUsed", 400);
}

#[tokio::test]
async fn nonce_forgotten_after_window() {
    let client = Client::demo();
    let all = client.all_params(DESCRIBE, &Params::new());
    send_all(&client, &all).await.expect_ok();
    client
        .emulator
        .clock()
        .advance(Duration::from_secs(16 * 60));
    let later = client.all_params(DESCRIBE, &Params::new());
    let same_nonce = replaced(&later, "SignatureNonce", all.get("SignatureNonce").unwrap());
    send_all(&client, &same_nonce).await.expect_ok();
}

#[tokio::test]
async fn bad_signature_does_not_use_nonce() {
    let client = Client::demo();
    let signed = client.sign(DESCRIBE, &Params::new(), Method::Get);
    let original = signed.encoded.clone();
    let broken = format!("{}&Extra=1", without_pair(&original, "Signature"))
        + &format!(
            "&Signature={}",
            eci_core::signer::percent_encode(&signed.signature)
        );
    client
        .send_raw("GET", &broken, None)
        .await
        .expect_error("SignatureDoesNotMatch", 400);
    client.send_raw("GET", &original, None).await.expect_ok();
}

#[tokio::test]
async fn wrong_version_rejected() {
    let client = Client::demo();
    let all = client.all_params(DESCRIBE, &Params::new());
    let reply = send_all(&client, &replaced(&all, "Version", "2019-01-01")).await;
    reply.expect_error("InvalidVersion", 400);
}

#[tokio::test]
async fn unknown_action_not_found() {
    let client = Client::demo();
    let reply = client.call("DescribeContainerGroups", &Params::new()).await;
    reply.expect_error("InvalidApi.NotFound", 404);
}

#[tokio::test]
async fn checks_run_in_service_order() {
    let client = Client::demo();

    // A bad timestamp is reported before an unknown AccessKey.
    let mut unknown = Client::demo();
    unknown.credentials = Credentials::new("LTAIunknownKey", "x");
    let all = unknown.all_params(DESCRIBE, &Params::new());
    let reply = send_all(&unknown, &replaced(&all, "Timestamp", "yesterday")).await;
    reply.expect_error("InvalidTimeStamp.Format", 400);

    // A wrong signature is reported before an unknown action or version.
    let all = client.all_params("NoSuchAction", &Params::new());
    let all = replaced(&all, "Version", "2000-01-01");
    let signed = sign_params(
        "NoSuchAction",
        &all,
        &eci_core::request::Secret::new("bad"),
        Method::Get,
    );
    client
        .send(&signed)
        .await
        .expect_error("SignatureDoesNotMatch", 400);

    // A wrong version is reported before an unknown action.
    let all = client.all_params("NoSuchAction", &Params::new());
    send_all(&client, &replaced(&all, "Version", "2000-01-01"))
        .await
        .expect_error("InvalidVersion", 400);
}

#[tokio::test]
async fn region_required_by_actions() {
    let mut client = Client::demo();
    client.region = String::new();
    let reply = client.call(DESCRIBE, &Params::new()).await;
    reply.expect_error("MissingParameter", 400);
    assert!(
        reply.message().contains("\"RegionId\""),
        "{}",
        reply.message()
    );
}

fn sts_client(token: &str) -> Client {
    let config = Config {
        security_token: Some("sts-token-1".into()),
        ..Config::default()
    };
    let mut client = Client::new(config);
    client.credentials =
        Credentials::new(STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET).with_security_token(token);
    client
}

#[tokio::test]
async fn sts_token_required_and_checked() {
    sts_client("sts-token-1")
        .call(DESCRIBE, &Params::new())
        .await
        .expect_ok();

    let reply = sts_client("").call(DESCRIBE, &Params::new()).await;
    reply.expect_error("MissingSecurityToken", 400);

    let reply = sts_client("other-token")
        .call(DESCRIBE, &Params::new())
        .await;
    reply.expect_error("InvalidSecurityToken.MismatchWithAccessKey", 400);

    let expired = sts_client("sts-token-1");
    expired.emulator.set_security_token_expired(true);
    let reply = expired.call(DESCRIBE, &Params::new()).await;
    reply.expect_error("InvalidSecurityToken.Expired", 400);
}

#[tokio::test]
async fn sts_key_unknown_without_token_option() {
    let mut client = Client::demo();
    client.credentials =
        Credentials::new(STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET).with_security_token("anything");
    let reply = client.call(DESCRIBE, &Params::new()).await;
    reply.expect_error("InvalidAccessKeyId.NotFound", 404);
}

#[tokio::test]
async fn permanent_key_with_token_mismatch() {
    let mut client = Client::demo();
    client.credentials = client
        .credentials
        .clone()
        .with_security_token("stray-token");
    let reply = client.call(DESCRIBE, &Params::new()).await;
    reply.expect_error("InvalidSecurityToken.MismatchWithAccessKey", 400);
}

#[tokio::test]
async fn fault_switches() {
    let client = Client::new(Config {
        faults: FaultSettings {
            fail_rate: 1.0,
            ..FaultSettings::default()
        },
        ..Config::default()
    });
    let reply = client.call(DESCRIBE, &Params::new()).await;
    reply.expect_error("ServiceUnavailable", 503);
    assert!(!reply.headers.contains_key("x-acs-retry-after"));

    client.emulator.faults().set_fail_rate(0.0);
    client.emulator.faults().set_throttle_rate(1.0);
    let reply = client.call(DESCRIBE, &Params::new()).await;
    reply.expect_error("Throttling.User", 400);
    assert_eq!(reply.headers["x-acs-retry-after"], "1");

    client.emulator.faults().set_throttle_rate(0.0);
    client.call(DESCRIBE, &Params::new()).await.expect_ok();
}
