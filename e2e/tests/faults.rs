//! The console against a faulty emulator: retries, clock skew, signature diagnosis,
//! credential checks, replies of every shape and the request log, in headless Chromium with
//! the real proxy and emulator processes.

use eci_e2e::faults::{
    assert_secret_hidden, banner_details, banner_part, emulator_caches, finished_log_row,
    refresh_until_error, request_log_rows, set_faults, start_with_emulator_args,
    submit_create_with_tag,
};
use eci_e2e::{free_port, Stack, ACCESS_KEY_ID, ACCESS_KEY_SECRET};
use serde_json::json;

/// Opens the list and fills the settings with the emulator's AccessKey pair.
async fn open_with_settings(stack: &Stack) {
    stack.open("/").await;
    stack.fill_settings(ACCESS_KEY_ID, ACCESS_KEY_SECRET).await;
}

// With fault seed 1703 and both rates at 0.3, the create's first attempt is carried out
// but loses its reply (fail-after), and the retry with the same ClientToken succeeds. No
// call among the next 30 needs more than three attempts, so the polls never give up.
// The draws follow the order of requests, so this is true only while the console sends no other
// API request before the create.
#[tokio::test(flavor = "multi_thread")]
async fn create_survives_thirty_percent_faults() {
    let stack = start_with_emulator_args(&[
        "--fail-rate",
        "0.3",
        "--fail-after-rate",
        "0.3",
        "--fault-seed",
        "1703",
    ])
    .await;
    open_with_settings(&stack).await;
    stack.click("#nav-create").await;
    stack
        .type_into("#field-image_cache_name", "e2e-faults")
        .await;
    stack
        .type_into("#field-images", "registry.example.com/ns/nginx:1.25")
        .await;
    stack
        .type_into("#field-security_group_id", "sg-e2etest")
        .await;
    stack.type_into("#field-vswitch_id", "vsw-e2etest").await;
    stack.click("#create-submit").await;

    let id = stack
        .wait_for_text("#detail-id", |text| text.starts_with("imc-"))
        .await;
    let status = stack
        .wait_for_text("#detail-status", |text| text == "Ready" || text == "Failed")
        .await;
    assert_eq!(status, "Ready");

    let caches = emulator_caches(&stack).await;
    assert_eq!(caches.len(), 1, "the emulator has {caches:?}");
    assert_eq!(caches[0]["ImageCacheId"], id.as_str());

    let create = finished_log_row(&stack, "CreateImageCache").await;
    assert_eq!(create[2], "200", "create row: {create:?}");
    assert_eq!(create[4], "2", "the create took two attempts: {create:?}");
    assert_eq!(create[5], "OK", "create row: {create:?}");
    assert_secret_hidden(&stack, ACCESS_KEY_SECRET).await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn skewed_clock_is_detected_and_corrected() {
    let stack = start_with_emulator_args(&["--clock-offset-secs", "1200"]).await;
    open_with_settings(&stack).await;
    stack.click("#refresh-list").await;

    let notice = stack.wait_for_text("#clock-skew-notice", |_| true).await;
    assert_eq!(
        notice,
        "This computer's clock is about 20 minutes behind the service's clock. The console \
         signs requests with the corrected time, but fix the system clock to be safe."
    );
    stack
        .wait_for_text("#cache-count", |text| text == "0 caches")
        .await;
    assert_eq!(stack.text_of("#error-banner").await, None);

    let describe = finished_log_row(&stack, "DescribeImageCaches").await;
    assert_eq!(describe[2], "200", "describe row: {describe:?}");
    assert_eq!(describe[4], "2", "expired, then re-signed: {describe:?}");

    // Later requests are signed with the corrected time from the start.
    stack.click("#refresh-list").await;
    let deadline = std::time::Instant::now() + eci_e2e::WAIT;
    loop {
        let rows = request_log_rows(&stack).await;
        let newest = &rows[0];
        if rows.len() == 2 && newest[5] == "OK" {
            assert_eq!(newest[1], "DescribeImageCaches");
            assert_eq!(
                newest[4], "1",
                "the second list needs one attempt: {newest:?}"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the second list never ended: {rows:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_secret_hidden(&stack, ACCESS_KEY_SECRET).await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_secret_is_diagnosed() {
    let stack = Stack::start().await;
    stack.open("/").await;
    let wrong_secret = "not-the-e2e-secret";
    stack.fill_settings(ACCESS_KEY_ID, wrong_secret).await;
    refresh_until_error(
        &stack,
        "The service computed a different signature for this request.",
    )
    .await;

    let diagnosis = stack.wait_for_text("#error-diagnosis", |_| true).await;
    assert_eq!(
        diagnosis,
        "The service signed the same request text, so the AccessKey secret does not belong \
         to this AccessKey ID. Paste the secret again."
    );
    assert_eq!(
        banner_part(&stack, ".error-code").await,
        "SignatureDoesNotMatch"
    );
    assert_eq!(banner_part(&stack, ".error-status").await, "400");
    let details = banner_details(&stack).await;
    assert!(details.contains("server string to sign is:"), "{details}");
    assert_secret_hidden(&stack, wrong_secret).await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_encoding_is_diagnosed() {
    let stack = start_with_emulator_args(&["--mangle-plus"]).await;
    open_with_settings(&stack).await;
    submit_create_with_tag(&stack, "e2e-mangled", "team", "web ops").await;

    let diagnosis = stack.wait_for_text("#error-diagnosis", |_| true).await;
    assert_eq!(
        diagnosis,
        "The request changed on the way: Tag.1.Value was signed as web%20ops but the service \
         received web%2Bops. Check that the proxy forwards the query and body unchanged."
    );
    assert_eq!(
        banner_part(&stack, ".error-code").await,
        "SignatureDoesNotMatch"
    );
    assert!(emulator_caches(&stack).await.is_empty());
    assert_secret_hidden(&stack, ACCESS_KEY_SECRET).await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_reply_shape_gets_a_message() {
    let stack = Stack::start().await;
    open_with_settings(&stack).await;

    set_faults(
        &stack,
        json!({"garbage_rate": 1, "garbage_kind": "html-page"}),
    )
    .await;
    refresh_until_error(
        &stack,
        "The reply is an HTML page with HTTP 502, not an ECI API response.",
    )
    .await;
    assert_eq!(banner_part(&stack, ".error-status").await, "502");
    assert_eq!(banner_part(&stack, ".error-code").await, "none");
    assert_eq!(
        banner_part(&stack, ".error-action").await,
        "A proxy or gateway on the way to ECI failed. Try again in a moment; if this \
         persists, check the proxy's log."
    );
    let details = banner_details(&stack).await;
    assert!(details.contains("502 Bad Gateway"), "{details}");
    let html_row = finished_log_row(&stack, "DescribeImageCaches").await;
    assert_eq!(html_row[4], "4", "HTML pages are retried: {html_row:?}");
    assert_eq!(html_row[5], "HTML page");

    set_faults(&stack, json!({"garbage_kind": "empty-body"})).await;
    refresh_until_error(&stack, "The reply has HTTP 500 and an empty body.").await;
    assert_eq!(banner_part(&stack, ".error-status").await, "500");

    set_faults(&stack, json!({"garbage_kind": "truncated-json"})).await;
    refresh_until_error(
        &stack,
        "The reply with HTTP 200 was cut off before its JSON ended.",
    )
    .await;
    assert_eq!(banner_part(&stack, ".error-status").await, "200");
    let request_id = banner_part(&stack, ".error-request-id").await;
    assert!(
        request_id.len() > 8 && request_id != "none",
        "the request id of the cut-off reply: {request_id:?}"
    );

    set_faults(&stack, json!({"garbage_rate": 0, "drop_rate": 1})).await;
    refresh_until_error(
        &stack,
        "The proxy got no response from the ECI endpoint.",
    )
    .await;
    assert_eq!(banner_part(&stack, ".error-status").await, "502");
    assert_eq!(
        banner_part(&stack, ".error-code").await,
        "ProxyUpstreamError"
    );

    // Nothing listens on this port, as when the proxy is stopped.
    let stopped_proxy = format!("http://127.0.0.1:{}", free_port());
    stack.type_into("#settings-proxy-url", &stopped_proxy).await;
    refresh_until_error(&stack, "The request got no response.").await;
    assert_eq!(banner_part(&stack, ".error-status").await, "no response");
    let action = banner_part(&stack, ".error-action").await;
    assert!(
        action.starts_with("Check that the proxy URL in Settings"),
        "{action}"
    );
    let unreachable = finished_log_row(&stack, "DescribeImageCaches").await;
    assert_eq!(unreachable[2], "no response", "{unreachable:?}");

    assert_secret_hidden(&stack, ACCESS_KEY_SECRET).await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sts_key_without_token_is_flagged() {
    let stack = start_with_emulator_args(&["--security-token", "e2e-sts-token-4c1f"]).await;
    stack.open("/").await;
    stack
        .fill_settings("STS.demoEmulatorKey", "emulator-demo-sts-secret")
        .await;
    let warning = stack
        .wait_for_text("#settings-security-token-issue", |_| true)
        .await;
    assert_eq!(
        warning,
        "An AccessKey ID that starts with STS. is temporary and needs its security token; \
         paste the token from the same AssumeRole response."
    );

    refresh_until_error(
        &stack,
        "These are STS credentials, but no security token was sent.",
    )
    .await;
    let action = banner_part(&stack, ".error-action").await;
    assert!(action.starts_with("Paste new STS credentials"), "{action}");

    stack
        .type_into("#settings-security-token", " e2e-sts-token-4c1f\n")
        .await;
    stack
        .wait_for_absence("#settings-security-token-issue")
        .await;
    stack.click("#refresh-list").await;
    stack
        .wait_for_text("#cache-count", |text| text == "0 caches")
        .await;
    stack.wait_for_absence("#error-banner").await;
    assert_secret_hidden(&stack, "e2e-sts-token-4c1f").await;
    assert_secret_hidden(&stack, "emulator-demo-sts-secret").await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn request_log_copies_redacted_curl() {
    let stack = start_with_emulator_args(&["--security-token", "e2e-sts-token-9d2e"]).await;
    stack.open("/").await;
    stack
        .fill_settings("STS.demoEmulatorKey", "emulator-demo-sts-secret")
        .await;
    stack
        .type_into("#settings-security-token", "e2e-sts-token-9d2e")
        .await;
    stack.click("#refresh-list").await;
    stack
        .wait_for_text("#cache-count", |text| text == "0 caches")
        .await;

    let row = finished_log_row(&stack, "DescribeImageCaches").await;
    assert_eq!(row[2], "200", "{row:?}");
    assert_eq!(row[4], "1", "{row:?}");
    assert_eq!(row[5], "OK", "{row:?}");
    assert!(row[3].len() > 8, "the request id is shown: {row:?}");

    stack
        .click("tr.request-log-row button.request-log-copy")
        .await;
    let textarea = stack.find("textarea.request-log-curl").await;
    let command = textarea
        .prop("value")
        .await
        .expect("read the curl command")
        .unwrap_or_default();
    // A request with a security token goes as a POST, so the token stays out of URLs.
    let expected_start = format!(
        "curl -X POST '{}/cn-hangzhou/' \
         -H 'Content-Type: application/x-www-form-urlencoded' \
         --data-raw 'AccessKeyId=STS.demoEmulatorKey&",
        stack.proxy_url
    );
    // Failure messages show the command with the token masked, in case it leaked.
    let shown = command.replace("e2e-sts-token-9d2e", "<the token>");
    assert!(command.starts_with(&expected_start), "{shown}");
    assert!(command.contains("&SecurityToken=<redacted>&"), "{shown}");
    assert!(command.ends_with("&Signature=<redacted>'"), "{shown}");
    assert!(!command.contains("e2e-sts-token-9d2e"), "{shown}");
    let status = stack
        .wait_for_text("tr.request-log-curl-row span", |_| true)
        .await;
    assert_eq!(status, "Copied to the clipboard.");

    assert_secret_hidden(&stack, "e2e-sts-token-9d2e").await;
    assert_secret_hidden(&stack, "emulator-demo-sts-secret").await;
    stack.close().await;
}
