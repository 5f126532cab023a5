//! Helpers that drive the console's pages: filling the create form, reading properties and
//! attributes, following a text as it changes, and saving screenshots.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::{Stack, WAIT};

/// Fills the create form with a valid cache and submits it. `extra` are further
/// `(selector, text)` inputs to type into before submitting. Returns the new cache's id.
pub async fn create_cache(
    stack: &Stack,
    name: &str,
    images: &str,
    extra: &[(&str, &str)],
) -> String {
    stack.click("#nav-create").await;
    stack.type_into("#field-image_cache_name", name).await;
    stack.type_into("#field-images", images).await;
    stack
        .type_into("#field-security_group_id", "sg-e2etest")
        .await;
    stack.type_into("#field-vswitch_id", "vsw-e2etest").await;
    for (selector, text) in extra {
        stack.type_into(selector, text).await;
    }
    stack.click("#create-submit").await;
    stack
        .wait_for_text("#detail-id", |text| text.starts_with("imc-"))
        .await
}

/// Opens the list, fills the settings and waits until the list has loaded.
pub async fn open_list_with_settings(stack: &Stack) {
    stack.open("/").await;
    stack
        .fill_settings(crate::ACCESS_KEY_ID, crate::ACCESS_KEY_SECRET)
        .await;
    stack.click("#refresh-list").await;
    stack
        .wait_for_text("#cache-count", |text| {
            text.ends_with("caches") || text.ends_with("cache")
        })
        .await;
}

/// Returns the DOM property `name` of the first element matching `selector`, such as
/// `textContent`, which unlike the visible text keeps whitespace and hidden elements.
pub async fn property(stack: &Stack, selector: &str, name: &str) -> Option<String> {
    let element = stack.browser.find(Locator::Css(selector)).await.ok()?;
    element.prop(name).await.ok().flatten()
}

/// Returns the attribute `name` of every element matching `selector`, in document order.
pub async fn attributes(stack: &Stack, selector: &str, name: &str) -> Vec<String> {
    let elements = stack
        .browser
        .find_all(Locator::Css(selector))
        .await
        .unwrap_or_default();
    let mut values = Vec::new();
    for element in elements {
        if let Ok(Some(value)) = element.attr(name).await {
            values.push(value);
        }
    }
    values
}

/// Returns the visible text of every element matching `selector`, in document order.
pub async fn texts(stack: &Stack, selector: &str) -> Vec<String> {
    let elements = stack
        .browser
        .find_all(Locator::Css(selector))
        .await
        .unwrap_or_default();
    let mut values = Vec::new();
    for element in elements {
        values.push(element.text().await.unwrap_or_default());
    }
    values
}

/// Returns whether the element matching `selector` is enabled; it must exist.
pub async fn is_enabled(stack: &Stack, selector: &str) -> bool {
    stack
        .find(selector)
        .await
        .is_enabled()
        .await
        .unwrap_or_else(|error| panic!("read whether {selector} is enabled: {error}"))
}

/// Reads `selector`'s text every 150 ms until `done` accepts it, within `timeout`, and
/// returns each distinct text seen, in order, the accepted one last.
pub async fn watch_text(
    stack: &Stack,
    selector: &str,
    timeout: Duration,
    done: impl Fn(&str) -> bool,
) -> Vec<String> {
    let deadline = Instant::now() + timeout;
    let mut seen: Vec<String> = Vec::new();
    loop {
        if let Some(text) = stack.text_of(selector).await {
            if seen.last() != Some(&text) {
                seen.push(text.clone());
            }
            if done(&text) {
                return seen;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{selector} never reached the expected text; seen: {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Selects the option with `value` in the `<select>` matching `selector`.
pub async fn select_value(stack: &Stack, selector: &str, value: &str) {
    stack
        .find(selector)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|error| panic!("select {value:?} in {selector}: {error}"));
}

/// Waits until the number of elements matching `selector` is `count`.
pub async fn wait_for_count(stack: &Stack, selector: &str, count: usize) {
    let deadline = Instant::now() + WAIT;
    loop {
        let found = stack
            .browser
            .find_all(Locator::Css(selector))
            .await
            .map(|elements| elements.len())
            .unwrap_or(0);
        if found == count {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{selector} matches {found} elements, expected {count}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Scrolls the page so that the element matching `selector` is at the top, for a
/// screenshot of it.
pub async fn scroll_to(stack: &Stack, selector: &str) {
    stack.find(selector).await;
    let script = "document.querySelector(arguments[0]).scrollIntoView();";
    stack
        .browser
        .execute(script, vec![serde_json::json!(selector)])
        .await
        .unwrap_or_else(|error| panic!("scroll to {selector}: {error}"));
}

/// Saves a PNG screenshot of the page as `{name}.png` in the folder named by
/// `ECI_E2E_SCREENSHOTS`, when that variable is set, for a person to look at.
pub async fn screenshot(stack: &Stack, name: &str) {
    let Ok(folder) = std::env::var("ECI_E2E_SCREENSHOTS") else {
        return;
    };
    let png = stack
        .browser
        .screenshot()
        .await
        .unwrap_or_else(|error| panic!("take screenshot {name}: {error}"));
    std::fs::create_dir_all(&folder).expect("create the screenshot folder");
    let path = std::path::Path::new(&folder).join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
}
