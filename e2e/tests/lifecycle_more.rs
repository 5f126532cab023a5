//! The cache lifecycle beyond create and delete, in headless Chromium against the real
//! proxy and emulator processes: build progress, updates allowed and refused, import of a
//! cache made outside the console, a list of several pages with filters, and exports.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use eci_core::params::Params;
use eci_core::request::{sign_request, Credentials, SigningContext};
use eci_e2e::ui::{
    attributes, create_cache, is_enabled, open_list_with_settings, property, screenshot, scroll_to,
    select_value, texts, wait_for_count, watch_text,
};
use eci_e2e::{EmulatorOptions, Stack, ACCESS_KEY_ID, ACCESS_KEY_SECRET};

fn emulator(args: &[&str]) -> EmulatorOptions {
    EmulatorOptions {
        extra_args: args.iter().map(|arg| arg.to_string()).collect(),
    }
}

/// Creates a cache by sending a signed CreateImageCache request straight to the emulator,
/// as another tool would, and returns its id.
fn create_outside_console(emulator_url: &str, name: &str, image: &str) -> String {
    let mut params = Params::new();
    params
        .insert("ImageCacheName", name)
        .insert("Image.1", image)
        .insert("SecurityGroupId", "sg-outside")
        .insert("VSwitchId", "vsw-outside");

    let credentials = Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    let nonce = format!("e2e-outside-{}", now.as_nanos());
    let context = SigningContext {
        credentials: &credentials,
        region_id: "cn-hangzhou",
        unix_seconds: now.as_secs() as i64,
        nonce: &nonce,
    };
    let signed = sign_request("CreateImageCache", &params, &context);

    let address = emulator_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect to the emulator");
    // HTTP/1.0 with no keep-alive, so the response ends when the connection closes.
    let request = format!(
        "GET /?{} HTTP/1.0\r\nHost: {address}\r\n\r\n",
        signed.query()
    );
    stream
        .write_all(request.as_bytes())
        .expect("send the request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the response");

    let (head, body) = response
        .split_once("\r\n\r\n")
        .expect("a complete HTTP response");
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{response}"
    );
    let json: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    json["ImageCacheId"]
        .as_str()
        .expect("an ImageCacheId")
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_shows_progress_before_ready() {
    let stack = Stack::start_with(emulator(&["--create-secs", "4"])).await;
    stack.open("/").await;
    stack.fill_settings(ACCESS_KEY_ID, ACCESS_KEY_SECRET).await;

    create_cache(
        &stack,
        "e2e-progress",
        "registry.example.com/ns/nginx:1.25",
        &[],
    )
    .await;
    let mut observed = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let status = stack.text_of("#detail-status").await.unwrap_or_default();
        let progress = stack.text_of("#detail-progress").await.unwrap_or_default();
        let pair = (status.clone(), progress);
        if observed.last() != Some(&pair) {
            observed.push(pair);
        }
        if status == "Ready" || status == "Failed" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never settled: {observed:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(&stack, "detail-ready").await;

    let building = observed.iter().any(|(status, progress)| {
        status == "Preparing" || status == "Creating" || progress != "100%"
    });
    assert!(
        building,
        "no progress was shown before the end: {observed:?}"
    );
    let (status, progress) = observed.last().expect("an observation");
    assert_eq!(status, "Ready", "{observed:?}");
    assert_eq!(progress, "100%", "{observed:?}");
    let creating_below_full = observed
        .iter()
        .any(|(status, progress)| status == "Creating" && progress != "100%");
    assert!(
        creating_below_full,
        "Creating never showed its progress: {observed:?}"
    );
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_ready_cache_shows_updating() {
    let stack = Stack::start_with(emulator(&["--seed", "1", "--update-secs", "3"])).await;
    open_list_with_settings(&stack).await;
    stack.click("tr.cache-row a.cache-link").await;
    stack
        .wait_for_text("#detail-status", |text| text == "Ready")
        .await;
    assert!(
        is_enabled(&stack, "#update-cache").await,
        "Update is disabled for a Ready cache"
    );
    assert_eq!(stack.text_of("#update-explanation").await, None);

    stack.click("#update-cache").await;
    stack.find("#update-submit").await;
    let size = property(&stack, "#field-image_cache_size", "value").await;
    assert_eq!(size.as_deref(), Some("20"), "the size is not filled in");
    let name = property(&stack, "#field-image_cache_name", "value").await;
    assert_eq!(name.as_deref(), Some("seed-cache-001"));
    let note = stack
        .text_of("#field-security_group_id-note")
        .await
        .unwrap_or_default();
    assert!(
        note.contains("not returned by the API"),
        "security group note: {note:?}"
    );
    let security_group = property(&stack, "#field-security_group_id", "value").await;
    assert_eq!(security_group.as_deref(), Some(""));
    assert!(
        !is_enabled(&stack, "#update-submit").await,
        "submit is enabled with no change"
    );

    stack.type_into("#field-image_cache_size", "40").await;
    stack
        .type_into(
            "#field-images",
            "registry.example.com/demo/extra:2.0\nregistry.example.com/demo/app-1:1.0",
        )
        .await;
    let size_change = stack
        .wait_for_text(
            "#update-diff li.change[data-field=\"image_cache_size\"]",
            |t| !t.is_empty(),
        )
        .await;
    assert_eq!(size_change, "Cache size: 20 GiB → 40 GiB");
    let image_change = stack
        .text_of("#update-diff li.change[data-field=\"images\"]")
        .await
        .unwrap_or_default();
    assert_eq!(
        image_change,
        "Images: registry.example.com/demo/app-1:1.0 → registry.example.com/demo/app-1:1.0, \
         registry.example.com/demo/extra:2.0"
    );
    assert_eq!(texts(&stack, "#update-diff li.change").await.len(), 2);
    scroll_to(&stack, "#update-diff").await;
    screenshot(&stack, "update-diff").await;

    stack.click("#update-submit").await;
    stack
        .wait_for_text("#detail-id", |text| text.starts_with("imc-"))
        .await;
    let statuses = watch_text(&stack, "#detail-status", Duration::from_secs(30), |text| {
        text == "Ready"
    })
    .await;
    assert!(
        statuses.iter().any(|status| status == "Updating"),
        "Updating never showed: {statuses:?}"
    );
    stack
        .wait_for_text("#detail-size", |text| text == "40 GiB")
        .await;
    let images = texts(&stack, "#detail-images li").await;
    assert_eq!(
        images,
        [
            "registry.example.com/demo/app-1:1.0",
            "registry.example.com/demo/extra:2.0"
        ]
    );
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn update_refused_while_creating() {
    let stack = Stack::start_with(emulator(&["--create-secs", "60"])).await;
    stack.open("/").await;
    stack.fill_settings(ACCESS_KEY_ID, ACCESS_KEY_SECRET).await;

    let id = create_cache(
        &stack,
        "e2e-busy",
        "registry.example.com/ns/nginx:1.25",
        &[],
    )
    .await;
    stack
        .wait_for_text("#detail-status", |text| text == "Creating")
        .await;
    assert!(
        !is_enabled(&stack, "#update-cache").await,
        "Update is enabled while Creating"
    );
    let explanation = stack
        .wait_for_text("#update-explanation", |text| text.contains("Creating"))
        .await;
    assert_eq!(
        explanation,
        "A cache can be updated only when it is Ready or UpdateFailed; it is Creating."
    );
    let described_by = attributes(&stack, "#update-cache", "aria-describedby").await;
    assert_eq!(described_by, ["update-explanation"]);
    screenshot(&stack, "detail-creating").await;

    // Routes change inside the app, so the secret stays in memory.
    let script = format!(
        "history.pushState(null, '', '/caches/{id}/update'); \
         dispatchEvent(new PopStateEvent('popstate'));"
    );
    stack
        .browser
        .execute(&script, vec![])
        .await
        .expect("navigate in the app");
    stack.find("#update-id").await;
    let explanation = stack
        .wait_for_text("#update-explanation", |text| text.contains("Creating"))
        .await;
    assert_eq!(
        explanation,
        "A cache can be updated only when it is Ready or UpdateFailed; it is Creating."
    );
    assert_eq!(
        stack.text_of("#update-submit").await,
        None,
        "the form shows anyway"
    );

    // A reload of a shared link clears the secret from memory, so the page requests it again.
    stack.open(&format!("/caches/{id}")).await;
    let notice = stack
        .wait_for_text("main .notice", |text| !text.is_empty())
        .await;
    assert!(
        notice.contains("AccessKey secret"),
        "the reload does not ask for the secret: {notice}"
    );
    let url = stack
        .browser
        .current_url()
        .await
        .expect("current URL")
        .to_string();
    assert!(
        !url.contains(ACCESS_KEY_SECRET),
        "the secret is in the URL {url}"
    );
    stack
        .type_into("#settings-access-key-secret", ACCESS_KEY_SECRET)
        .await;
    stack.click("#refresh-detail").await;
    stack
        .wait_for_text("#detail-status", |text| text == "Creating")
        .await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn import_opens_cache_made_elsewhere() {
    let stack = Stack::start().await;
    let id = create_outside_console(
        &stack.emulator_url,
        "made-elsewhere",
        "registry.example.com/ns/worker:3.1",
    );
    stack.open("/").await;
    stack.fill_settings(ACCESS_KEY_ID, ACCESS_KEY_SECRET).await;
    stack.type_into("#import-id", &id).await;
    stack.click("#import-submit").await;

    let shown_id = stack.wait_for_text("#detail-id", |text| text == id).await;
    assert_eq!(shown_id, id);
    stack
        .wait_for_text("main h1", |text| text == "made-elsewhere")
        .await;
    stack
        .wait_for_text("#detail-status", |text| text == "Ready")
        .await;
    for fact in [
        "#fact-security-group",
        "#fact-vswitch",
        "#fact-eip",
        "#fact-resource-group",
    ] {
        let text = stack.text_of(fact).await.unwrap_or_default();
        assert_eq!(text, "not returned by the API", "{fact}");
    }
    let images = texts(&stack, "#detail-images li").await;
    assert_eq!(images, ["registry.example.com/ns/worker:3.1"]);
    screenshot(&stack, "detail-imported").await;

    stack.click("#delete-cache").await;
    let warning = stack
        .wait_for_text("#delete-warning", |text| !text.is_empty())
        .await;
    assert!(warning.contains("cannot be restored"), "{warning}");
    assert!(warning.contains("snapshot by hand"), "{warning}");
    screenshot(&stack, "delete-dialog").await;
    stack.click("#cancel-delete").await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn list_reads_all_pages_and_filters() {
    let stack = Stack::start_with(emulator(&["--seed", "45"])).await;
    open_list_with_settings(&stack).await;
    let count = stack
        .wait_for_text("#cache-count", |text| text == "45 caches")
        .await;
    assert_eq!(count, "45 caches");
    wait_for_count(&stack, "tr.cache-row", 45).await;
    let mut ids = attributes(&stack, "tr.cache-row", "data-cache-id").await;
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 45, "rows are repeated");
    let statuses = attributes(&stack, "#status-counts li", "data-status").await;
    assert_eq!(statuses, ["Ready"]);
    let ready = stack
        .text_of("#status-counts li[data-status=\"Ready\"] .status-count")
        .await;
    assert_eq!(ready.as_deref(), Some("45"));
    screenshot(&stack, "list-45").await;

    stack.click("#sort-name").await;
    let first = stack.text_of("tr.cache-row a.cache-link").await;
    assert_eq!(first.as_deref(), Some("seed-cache-001"));
    stack.click("#sort-name").await;
    let first = stack.text_of("tr.cache-row a.cache-link").await;
    assert_eq!(first.as_deref(), Some("seed-cache-045"));

    select_value(&stack, "#filter-status", "Creating").await;
    stack
        .wait_for_text("#cache-count", |text| text == "0 of 45 caches")
        .await;
    select_value(&stack, "#filter-status", "").await;
    stack
        .wait_for_text("#cache-count", |text| text == "45 caches")
        .await;

    stack.type_into("#filter-name", "seed-cache-007").await;
    stack.click("#apply-filters").await;
    stack
        .wait_for_text("#cache-count", |text| text == "1 cache")
        .await;
    let names = texts(&stack, "tr.cache-row a.cache-link").await;
    assert_eq!(names, ["seed-cache-007"]);

    stack.type_into("#filter-name", "").await;
    let two = format!(" {}, ,{} ", ids[3], ids[10]);
    stack.type_into("#filter-id", &two).await;
    stack.click("#apply-filters").await;
    stack
        .wait_for_text("#cache-count", |text| text == "2 caches")
        .await;
    let mut shown = attributes(&stack, "tr.cache-row", "data-cache-id").await;
    shown.sort();
    assert_eq!(shown, [ids[3].clone(), ids[10].clone()]);

    stack.type_into("#filter-id", "").await;
    stack
        .type_into("#filter-image", "registry.example.com/demo/app-12:1.0")
        .await;
    stack.click("#apply-filters").await;
    stack
        .wait_for_text("#cache-count", |text| text == "1 cache")
        .await;
    let names = texts(&stack, "tr.cache-row a.cache-link").await;
    assert_eq!(names, ["seed-cache-012"]);

    stack.click("#clear-filters").await;
    stack
        .wait_for_text("#cache-count", |text| text == "45 caches")
        .await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_of_described_cache() {
    let stack = Stack::start_with(emulator(&["--seed", "1"])).await;
    open_list_with_settings(&stack).await;
    let ids = attributes(&stack, "tr.cache-row", "data-cache-id").await;
    let id = ids.first().expect("the seeded cache").clone();
    stack.click("tr.cache-row a.cache-link").await;
    stack
        .wait_for_text("#detail-status", |text| text == "Ready")
        .await;
    stack.click("#export summary").await;

    let expected = format!(
        r#"import {{
  to = alicloud_eci_image_cache.seed_cache_001
  id = "{id}"
}}

resource "alicloud_eci_image_cache" "seed_cache_001" {{
  image_cache_name  = "seed-cache-001"
  images            = ["registry.example.com/demo/app-1:1.0"]
  security_group_id = "REPLACE-not-returned-by-the-API" # not returned by the API
  vswitch_id        = "REPLACE-not-returned-by-the-API" # not returned by the API
  image_cache_size  = 20
}}
"#
    );
    let terraform = property(&stack, "#export-terraform", "textContent").await;
    assert_eq!(terraform.as_deref(), Some(expected.as_str()));
    let expected_cli = "aliyun eci CreateImageCache \\
  --RegionId cn-hangzhou \\
  --ImageCacheName seed-cache-001 \\
  --Image.1 registry.example.com/demo/app-1:1.0 \\
  --ImageCacheSize 20 \\
  --SecurityGroupId REPLACE-not-returned-by-the-API \\
  --VSwitchId REPLACE-not-returned-by-the-API
";
    let cli = property(&stack, "#export-cli", "textContent").await;
    assert_eq!(cli.as_deref(), Some(expected_cli));
    scroll_to(&stack, "#export").await;
    screenshot(&stack, "detail-export").await;
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_uses_values_sent_from_tab() {
    let stack = Stack::start().await;
    stack.open("/").await;
    stack.fill_settings(ACCESS_KEY_ID, ACCESS_KEY_SECRET).await;
    stack.click("#nav-create").await;
    stack
        .click("#field-image_registry_credential > button")
        .await;
    let inputs = [
        ("#field-image_cache_name", "e2e-export"),
        ("#field-images", "registry.example.com/ns/app:2.0"),
        ("#field-security_group_id", "sg-e2etest"),
        ("#field-vswitch_id", "vsw-e2etest"),
        ("#field-eip_instance_id", "eip-e2etest"),
        (
            "#field-image_registry_credential-0-server",
            "registry.example.com",
        ),
        ("#field-image_registry_credential-0-user_name", "deploy"),
        (
            "#field-image_registry_credential-0-password",
            "pa55-e2e-word",
        ),
    ];
    for (selector, text) in inputs {
        stack.type_into(selector, text).await;
    }
    stack.click("#create-submit").await;
    let id = stack
        .wait_for_text("#detail-id", |text| text.starts_with("imc-"))
        .await;
    stack
        .wait_for_text("#detail-status", |text| text == "Ready")
        .await;
    let security_group = stack
        .text_of("#fact-security-group")
        .await
        .unwrap_or_default();
    assert_eq!(security_group, "sg-e2etest (as sent from this tab)");
    stack.click("#export summary").await;

    let expected = format!(
        r#"import {{
  to = alicloud_eci_image_cache.e2e_export
  id = "{id}"
}}

resource "alicloud_eci_image_cache" "e2e_export" {{
  image_cache_name  = "e2e-export"
  images            = ["registry.example.com/ns/app:2.0"]
  security_group_id = "sg-e2etest"
  vswitch_id        = "vsw-e2etest"
  eip_instance_id   = "eip-e2etest"
  image_cache_size  = 20

  image_registry_credential {{
    server    = "registry.example.com"
    user_name = "deploy"
    password  = "REPLACE-registry-password" # left out of the export
  }}
}}
"#
    );
    let terraform = property(&stack, "#export-terraform", "textContent").await;
    assert_eq!(terraform.as_deref(), Some(expected.as_str()));
    let page = property(&stack, "main", "textContent")
        .await
        .unwrap_or_default();
    assert!(
        !page.contains("pa55-e2e-word"),
        "the password shows before it is requested"
    );

    stack.click("#export-include-passwords").await;
    let with_password = expected.replace(
        "\"REPLACE-registry-password\" # left out of the export",
        "\"pa55-e2e-word\"",
    );
    let terraform = property(&stack, "#export-terraform", "textContent").await;
    assert_eq!(terraform.as_deref(), Some(with_password.as_str()));
    scroll_to(&stack, "#export").await;
    screenshot(&stack, "detail-export-form-values").await;
    let expected_cli = "aliyun eci CreateImageCache \\
  --RegionId cn-hangzhou \\
  --ImageCacheName e2e-export \\
  --Image.1 registry.example.com/ns/app:2.0 \\
  --ImageCacheSize 20 \\
  --SecurityGroupId sg-e2etest \\
  --VSwitchId vsw-e2etest \\
  --EipInstanceId eip-e2etest \\
  --ImageRegistryCredential.1.Server registry.example.com \\
  --ImageRegistryCredential.1.UserName deploy \\
  --ImageRegistryCredential.1.Password pa55-e2e-word
";
    let cli = property(&stack, "#export-cli", "textContent").await;
    assert_eq!(cli.as_deref(), Some(expected_cli));
    stack.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn failed_update_allows_retry() {
    let stack = Stack::start_with(emulator(&["--seed", "1", "--update-secs", "2"])).await;
    open_list_with_settings(&stack).await;
    stack.click("tr.cache-row a.cache-link").await;
    stack
        .wait_for_text("#detail-status", |text| text == "Ready")
        .await;
    stack.click("#update-cache").await;
    stack.find("#update-submit").await;
    stack
        .type_into("#field-images", "registry.example.com/ns/notfound:1.0")
        .await;
    stack
        .wait_for_text("#update-diff li.change[data-field=\"images\"]", |text| {
            !text.is_empty()
        })
        .await;
    stack.click("#update-submit").await;

    stack
        .wait_for_text("#detail-id", |text| text.starts_with("imc-"))
        .await;
    let statuses = watch_text(&stack, "#detail-status", Duration::from_secs(30), |text| {
        text == "UpdateFailed" || text == "Ready"
    })
    .await;
    assert_eq!(
        statuses.last().map(String::as_str),
        Some("UpdateFailed"),
        "{statuses:?}"
    );
    let note = stack.text_of("#failure-note").await.unwrap_or_default();
    assert!(
        note.starts_with("The last update of this cache failed"),
        "{note}"
    );
    let events = stack
        .wait_for_text("#events-table", |text| text.contains("Warning"))
        .await;
    assert!(
        events.contains("notfound"),
        "the event names the image: {events}"
    );
    assert!(
        is_enabled(&stack, "#update-cache").await,
        "Update is disabled for an UpdateFailed cache"
    );
    assert_eq!(stack.text_of("#update-explanation").await, None);
    stack.close().await;
}
