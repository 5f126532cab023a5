//! Helpers for the fault tests: the emulator's admin routes (fault switches and the list of
//! every cache), the console's error banner and request log, and the check that no secret
//! reached a page or a server log.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::{EmulatorOptions, Stack, WAIT};

/// Starts the stack with these emulator options added to the default ones.
pub async fn start_with_emulator_args(args: &[&str]) -> Stack {
    let mut options = EmulatorOptions::default();
    options
        .extra_args
        .extend(args.iter().map(|arg| arg.to_string()));
    Stack::start_with(options).await
}

/// Sends one HTTP/1.1 request to the emulator at `stack.emulator_url` and returns the
/// status and body. The admin routes need no signature, so a plain socket is enough.
pub async fn emulator_request(
    stack: &Stack,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String) {
    let address = stack
        .emulator_url
        .strip_prefix("http://")
        .expect("the emulator URL starts with http://");
    let mut stream = TcpStream::connect(address)
        .await
        .unwrap_or_else(|error| panic!("connect to the emulator at {address}: {error}"));
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send the admin request");
    let mut response = String::new();
    let read = tokio::time::timeout(WAIT, stream.read_to_string(&mut response));
    read.await
        .expect("the emulator answers admin requests in time")
        .expect("read the admin response");
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete HTTP head in {response:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    (status, body.to_string())
}

/// Changes the emulator's fault switches (the fields of `POST /admin/faults`).
pub async fn set_faults(stack: &Stack, settings: Value) {
    let (status, body) =
        emulator_request(stack, "POST", "/admin/faults", &settings.to_string()).await;
    assert_eq!(status, 200, "POST /admin/faults {settings}: {body}");
}

/// Returns every cache the emulator keeps, in all regions.
pub async fn emulator_caches(stack: &Stack) -> Vec<Value> {
    let (status, body) = emulator_request(stack, "GET", "/admin/caches", "").await;
    assert_eq!(status, 200, "GET /admin/caches: {body}");
    let listing: Value = serde_json::from_str(&body).expect("GET /admin/caches returns JSON");
    listing["caches"]
        .as_array()
        .expect("GET /admin/caches lists caches")
        .clone()
}

/// Fills the create form with a cache that has one tag and submits it, without waiting
/// for the result.
pub async fn submit_create_with_tag(stack: &Stack, name: &str, key: &str, value: &str) {
    stack.click("#nav-create").await;
    stack.type_into("#field-image_cache_name", name).await;
    stack
        .type_into("#field-images", "registry.example.com/ns/nginx:1.25")
        .await;
    stack
        .type_into("#field-security_group_id", "sg-e2etest")
        .await;
    stack.type_into("#field-vswitch_id", "vsw-e2etest").await;
    // The fieldset's own button adds a tag; the buttons inside each row remove one.
    stack.click("#field-tags > button").await;
    stack.type_into("#field-tags-0-key", key).await;
    stack.type_into("#field-tags-0-value", value).await;
    stack.click("#create-submit").await;
}

/// Clicks Refresh on the list and waits until the error banner's title is `title`.
pub async fn refresh_until_error(stack: &Stack, title: &str) {
    stack.click("#refresh-list").await;
    stack
        .wait_for_text("#error-banner .error-title", |text| text == title)
        .await;
}

/// Returns the text of `selector` inside the error banner, or an empty string.
pub async fn banner_part(stack: &Stack, selector: &str) -> String {
    let full = format!("#error-banner {selector}");
    stack.text_of(&full).await.unwrap_or_default()
}

/// Opens the banner's details and returns their text.
pub async fn banner_details(stack: &Stack) -> String {
    stack.click("#error-details-toggle").await;
    stack.wait_for_text("#error-details", |_| true).await
}

/// Opens the request log and returns the cells of its rows, newest first.
pub async fn request_log_rows(stack: &Stack) -> Vec<Vec<String>> {
    if stack
        .browser
        .find(Locator::Css("#request-log"))
        .await
        .is_err()
    {
        stack.click("#request-log-toggle").await;
    }
    stack.find("tr.request-log-row").await;
    let rows = stack
        .browser
        .find_all(Locator::Css("tr.request-log-row"))
        .await
        .expect("read the request log rows");
    let mut cells = Vec::new();
    for row in rows {
        let mut texts = Vec::new();
        for cell in row.find_all(Locator::Css("td")).await.expect("row cells") {
            texts.push(cell.text().await.unwrap_or_default());
        }
        cells.push(texts);
    }
    cells
}

/// Waits until the newest request log row of `action` has finished, and returns its cells:
/// time, action, HTTP status, request id, attempts, result.
pub async fn finished_log_row(stack: &Stack, action: &str) -> Vec<String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let rows = request_log_rows(stack).await;
        let row = rows
            .into_iter()
            .find(|cells| cells.get(1).map(String::as_str) == Some(action));
        if let Some(row) = row {
            let finished = !row[5].ends_with("retrying") && row[5] != "sending";
            if finished {
                return row;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no finished {action} row in the request log"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Returns the page's visible text and its HTML, as far as the browser can tell.
pub async fn page_text_and_source(stack: &Stack) -> String {
    let text = stack
        .browser
        .execute("return document.body.innerText;", vec![])
        .await
        .expect("read the page text");
    let source = stack.browser.source().await.expect("read the page source");
    format!("{}\n{source}", text.as_str().unwrap_or_default())
}

/// Asserts that neither the page nor the emulator's and proxy's logs contain `secret`. The
/// failure messages leave the value out, so that a failing run does not print it either.
pub async fn assert_secret_hidden(stack: &Stack, secret: &str) {
    let page = page_text_and_source(stack).await;
    assert!(!page.contains(secret), "the page shows a secret");
    let url = stack.browser.current_url().await.expect("current URL");
    assert!(
        !url.as_str().contains(secret),
        "the page URL contains a secret"
    );
    let logs = stack.server_logs();
    assert!(!logs.is_empty(), "the emulator and proxy logged nothing");
    assert!(!logs.contains(secret), "a server log contains a secret");
}
