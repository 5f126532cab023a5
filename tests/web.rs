//! Browser tests, run by wasm-bindgen-test in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p eci-console`.
//!
//! They check that the signer gives the shared vectors' results when compiled to
//! WebAssembly, and mount single components to check what the user is shown.

#![cfg(target_arch = "wasm32")]

#[path = "../core/tests/support/signature_vectors.rs"]
mod signature_vectors;

use eci_console::{provide_app_state, use_poller, CreateForm, SettingsPanel};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn vector(name: &str) -> signature_vectors::Vector {
    signature_vectors::vectors()
        .into_iter()
        .find(|vector| vector.name == name)
        .unwrap_or_else(|| panic!("the vector file has no vector {name}"))
}

#[wasm_bindgen_test]
fn published_describe_regions() {
    signature_vectors::check(&vector("published_describe_regions"));
}

#[wasm_bindgen_test]
fn create_basic() {
    signature_vectors::check(&vector("create_basic"));
}

#[wasm_bindgen_test]
fn space_in_value() {
    signature_vectors::check(&vector("space_in_value"));
}

#[wasm_bindgen_test]
fn sub_delims_in_value() {
    signature_vectors::check(&vector("sub_delims_in_value"));
}

#[wasm_bindgen_test]
fn utf8_value() {
    signature_vectors::check(&vector("utf8_value"));
}

#[wasm_bindgen_test]
fn every_vector_is_tested() {
    let names: Vec<String> = signature_vectors::vectors()
        .into_iter()
        .map(|v| v.name)
        .collect();
    let tested = [
        "published_describe_regions",
        "create_basic",
        "space_in_value",
        "sub_delims_in_value",
        "utf8_value",
    ];
    assert_eq!(names, tested);
}

fn document() -> Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a document")
}

/// Creates an empty element to mount a component into.
fn host() -> HtmlElement {
    let host = document().create_element("div").expect("create div");
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append host");
    host.unchecked_into()
}

/// Points the settings at the test server itself, so that the settings panel's check for
/// an emulator proxy reaches no other server. The test server returns 404 for it.
fn use_test_server_as_proxy() {
    let window = web_sys::window().expect("window");
    let origin = window.location().origin().expect("origin");
    let storage = window
        .local_storage()
        .expect("storage access")
        .expect("localStorage");
    storage
        .set_item("eci-console.proxy-url", &origin)
        .expect("store proxy URL");
}

/// Lets Leptos run the effects that a signal change scheduled.
async fn settle() {
    TimeoutFuture::new(20).await;
}

fn element<T: JsCast>(host: &HtmlElement, selector: &str) -> Option<T> {
    let found = host.query_selector(selector).expect("valid selector")?;
    Some(
        found
            .dyn_into::<T>()
            .unwrap_or_else(|_| panic!("{selector} has another element type")),
    )
}

fn required<T: JsCast>(host: &HtmlElement, selector: &str) -> T {
    element(host, selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// Sets an input's value and fires `input`, as typing does.
fn type_into(input: &HtmlElement, text: &str) {
    if let Some(input) = input.dyn_ref::<HtmlInputElement>() {
        input.set_value(text);
    } else if let Some(area) = input.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(text);
    }
    let event = web_sys::Event::new("input").expect("create input event");
    input.dispatch_event(&event).expect("dispatch input event");
}

#[wasm_bindgen_test]
async fn settings_panel_labels_every_input() {
    use_test_server_as_proxy();
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), || {
        provide_app_state();
        view! { <SettingsPanel /> }
    });
    settle().await;

    let inputs = [
        ("settings-proxy-url", "Proxy URL"),
        ("settings-region", "Region"),
        ("settings-access-key-id", "AccessKey ID"),
        ("settings-access-key-secret", "AccessKey secret"),
        ("settings-security-token", "STS security token (optional)"),
    ];
    for (id, label) in inputs {
        required::<HtmlInputElement>(&host, &format!("#{id}"));
        let label_element: HtmlElement = required(&host, &format!("label[for=\"{id}\"]"));
        assert_eq!(
            label_element.text_content().unwrap_or_default(),
            label,
            "label of #{id}"
        );
    }

    let secret: HtmlInputElement = required(&host, "#settings-access-key-secret");
    assert_eq!(secret.type_(), "password");
    let token: HtmlInputElement = required(&host, "#settings-security-token");
    assert_eq!(token.type_(), "password");
    let region: HtmlInputElement = required(&host, "#settings-region");
    assert_eq!(region.value(), "cn-hangzhou");
    assert!(host
        .query_selector("datalist#region-options option")
        .unwrap()
        .is_some());
    assert!(
        element::<HtmlButtonElement>(&host, "#use-demo-credentials").is_none(),
        "the demo button shows although the proxy offers no demo credentials"
    );
    handle.forget();
}

#[wasm_bindgen_test]
async fn secret_is_not_saved_in_local_storage() {
    use_test_server_as_proxy();
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), || {
        provide_app_state();
        view! { <SettingsPanel /> }
    });
    settle().await;

    type_into(&required(&host, "#settings-access-key-id"), "LTAItestKey");
    type_into(
        &required(&host, "#settings-access-key-secret"),
        "never-store-me",
    );
    settle().await;

    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(
        storage
            .get_item("eci-console.access-key-id")
            .unwrap()
            .as_deref(),
        Some("LTAItestKey")
    );
    for index in 0..storage.length().unwrap() {
        let key = storage.key(index).unwrap().unwrap_or_default();
        let value = storage.get_item(&key).unwrap().unwrap_or_default();
        assert!(
            !value.contains("never-store-me"),
            "localStorage {key} holds the secret"
        );
    }
    handle.forget();
}

fn mount_create_form(host: &HtmlElement) {
    use_test_server_as_proxy();
    let handle = leptos::mount::mount_to(host.clone(), || {
        provide_app_state();
        view! { <CreateForm on_created=|_: String| () /> }
    });
    handle.forget();
}

#[wasm_bindgen_test]
async fn create_form_shows_required_error() {
    let host = host();
    mount_create_form(&host);
    settle().await;

    let name: HtmlElement = required(&host, "#field-image_cache_name");
    let submit: HtmlButtonElement = required(&host, "#create-submit");
    assert_eq!(
        submit.text_content().unwrap_or_default(),
        "Create image cache"
    );
    assert!(element::<HtmlElement>(&host, "#field-image_cache_name-error").is_none());
    assert!(
        !submit.disabled(),
        "an untouched form can be submitted to see what is missing"
    );

    type_into(&name, "web");
    type_into(&name, "");
    settle().await;
    let error: HtmlElement = required(&host, "#field-image_cache_name-error");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(error
        .text_content()
        .unwrap_or_default()
        .contains("Name is required"));
    assert!(
        submit.disabled(),
        "submit is enabled while the name is missing"
    );

    type_into(&name, "web-cache");
    settle().await;
    assert!(element::<HtmlElement>(&host, "#field-image_cache_name-error").is_none());
    assert!(
        !submit.disabled(),
        "submit stays disabled after the name was fixed"
    );
}

#[wasm_bindgen_test]
async fn create_submit_marks_every_missing_field() {
    let host = host();
    mount_create_form(&host);
    settle().await;

    let submit: HtmlButtonElement = required(&host, "#create-submit");
    submit.click();
    settle().await;
    for key in [
        "image_cache_name",
        "images",
        "security_group_id",
        "vswitch_id",
    ] {
        required::<HtmlElement>(&host, &format!("#field-{key}-error"));
    }
    assert!(submit.disabled());

    type_into(&required(&host, "#field-image_cache_name"), "web-cache");
    type_into(
        &required(&host, "#field-images"),
        "registry.example.com/ns/nginx:1.25",
    );
    type_into(&required(&host, "#field-security_group_id"), "sg-test");
    type_into(&required(&host, "#field-vswitch_id"), "vsw-test");
    settle().await;
    let remaining = host.query_selector_all(".field-error").unwrap().length();
    assert_eq!(
        remaining, 0,
        "errors remain after every required field was filled"
    );
    assert!(!submit.disabled());
}

#[wasm_bindgen_test]
async fn create_form_labels_every_control() {
    let host = host();
    mount_create_form(&host);
    settle().await;

    let controls = host.query_selector_all("input, textarea, select").unwrap();
    assert!(controls.length() > 4);
    for index in 0..controls.length() {
        let control: HtmlElement = controls.item(index).unwrap().unchecked_into();
        let id = control.id();
        assert!(!id.is_empty(), "a control has no id");
        let label = host
            .query_selector(&format!("label[for=\"{id}\"]"))
            .unwrap();
        assert!(label.is_some(), "#{id} has no label");
    }
    let buttons = host.query_selector_all("button").unwrap();
    for index in 0..buttons.length() {
        let text = buttons
            .item(index)
            .unwrap()
            .text_content()
            .unwrap_or_default();
        assert!(!text.trim().is_empty(), "a button has no text");
    }
}

/// Mounts a component that starts a poll counting its requests; `apply` keeps it going
/// while it returns true.
fn mount_poller(
    host: &HtmlElement,
    requests: std::rc::Rc<std::cell::Cell<u32>>,
    keep_polling: fn(u32) -> bool,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    leptos::mount::mount_to(host.clone(), move || {
        let poller = use_poller();
        let counter = requests.clone();
        poller.start(
            move || {
                counter.set(counter.get() + 1);
                let count = counter.get();
                async move { count }
            },
            keep_polling,
        );
        view! { <p>"polling"</p> }
    })
}

#[wasm_bindgen_test]
async fn poller_stops_when_apply_declines() {
    let requests = std::rc::Rc::new(std::cell::Cell::new(0));
    let handle = mount_poller(&host(), requests.clone(), |count| count < 2);
    TimeoutFuture::new(3_500).await;
    assert_eq!(
        requests.get(),
        2,
        "one request at once, one after the first 1 s delay, then stop"
    );
    handle.forget();
}

#[wasm_bindgen_test]
async fn poller_stops_on_cleanup() {
    let requests = std::rc::Rc::new(std::cell::Cell::new(0));
    let handle = mount_poller(&host(), requests.clone(), |_| true);
    TimeoutFuture::new(1_300).await;
    assert_eq!(requests.get(), 2, "requests at 0 s and 1 s");
    drop(handle);
    TimeoutFuture::new(2_500).await;
    assert_eq!(
        requests.get(),
        2,
        "the poll went on after its component was cleaned up"
    );
}
