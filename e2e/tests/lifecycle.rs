//! The console in headless Chromium against the real proxy and emulator processes.

use eci_e2e::{Stack, ACCESS_KEY_ID, ACCESS_KEY_SECRET};

/// Fills the create form with a valid cache and submits it; returns the new cache's id.
async fn create_cache(stack: &Stack, name: &str, image: &str) -> String {
    stack.click("#nav-create").await;
    stack.type_into("#field-image_cache_name", name).await;
    stack.type_into("#field-images", image).await;
    stack
        .type_into("#field-security_group_id", "sg-e2etest")
        .await;
    stack.type_into("#field-vswitch_id", "vsw-e2etest").await;
    stack.click("#create-submit").await;
    stack
        .wait_for_text("#detail-id", |text| text.starts_with("imc-"))
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn create_reaches_ready_then_delete() {
    let stack = Stack::start().await;
    stack.open("/").await;
    stack.fill_settings(ACCESS_KEY_ID, ACCESS_KEY_SECRET).await;

    let id = create_cache(&stack, "e2e-web", "registry.example.com/ns/nginx:1.25").await;
    let status = stack
        .wait_for_text("#detail-status", |text| text == "Ready" || text == "Failed")
        .await;
    assert_eq!(status, "Ready");
    let progress = stack.text_of("#detail-progress").await.unwrap_or_default();
    assert!(progress.contains("100%"), "progress at Ready: {progress:?}");

    stack.click("#nav-list").await;
    let row = format!("tr.cache-row[data-cache-id=\"{id}\"]");
    stack.find(&row).await;
    let row_status = stack
        .wait_for_text(&format!("{row} td.status"), |text| !text.is_empty())
        .await;
    assert_eq!(row_status, "Ready");

    stack.click(&format!("{row} a.cache-link")).await;
    stack.click("#delete-cache").await;
    stack.click("#confirm-delete").await;
    stack.wait_for_absence(&row).await;
    stack.click("#refresh-list").await;
    stack
        .wait_for_text("#cache-count", |text| text.starts_with("0 "))
        .await;
    stack.wait_for_absence(&row).await;

    let url = stack
        .browser
        .current_url()
        .await
        .expect("current URL")
        .to_string();
    assert!(
        !url.contains(ACCESS_KEY_SECRET),
        "the secret appears in the URL {url}"
    );
    let logs = stack.server_logs();
    assert!(!logs.is_empty(), "the emulator and proxy logged nothing");
    assert!(
        !logs.contains(ACCESS_KEY_SECRET),
        "a server log contains the AccessKey secret"
    );
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unpullable_image_ends_failed_with_event() {
    let stack = Stack::start().await;
    stack.open("/").await;
    stack.fill_settings(ACCESS_KEY_ID, ACCESS_KEY_SECRET).await;

    create_cache(&stack, "e2e-broken", "registry.example.com/ns/notfound:1.0").await;
    let status = stack
        .wait_for_text("#detail-status", |text| text == "Ready" || text == "Failed")
        .await;
    assert_eq!(status, "Failed");
    let events = stack
        .wait_for_text("#events-table", |text| text.contains("Warning"))
        .await;
    assert!(
        events.contains("notfound"),
        "the failure event names the image: {events}"
    );
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_secret_shows_signature_error() {
    let stack = Stack::start().await;
    stack.open("/").await;
    stack
        .fill_settings(ACCESS_KEY_ID, "not-the-right-secret")
        .await;
    stack.click("#refresh-list").await;

    let title = stack
        .wait_for_text("#error-banner .error-title", |text| !text.is_empty())
        .await;
    assert_eq!(
        title,
        "The service computed a different signature for this request."
    );
    let code = stack
        .text_of("#error-banner .error-code")
        .await
        .unwrap_or_default();
    assert!(
        code.contains("SignatureDoesNotMatch"),
        "error code shown: {code:?}"
    );
    let banner = stack.text_of("#error-banner").await.unwrap_or_default();
    assert!(
        !banner.contains("not-the-right-secret"),
        "the banner shows the secret"
    );
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_credentials_offered_by_emulator() {
    let stack = Stack::start().await;
    stack.open("/").await;
    stack
        .type_into("#settings-proxy-url", &stack.proxy_url)
        .await;
    stack.type_into("#settings-region", "cn-hangzhou").await;
    stack.click("#use-demo-credentials").await;
    // The button loads the list by itself; no Refresh is pressed.
    stack
        .wait_for_text("#cache-count", |text| text.starts_with("0 "))
        .await;
    let banner = stack.text_of("#error-banner").await;
    assert_eq!(
        banner, None,
        "an error banner is shown with the demo credentials"
    );
    stack.close().await;
}
