//! Browser tests of the lifecycle components that need no server: the Update button and
//! its explanation, the status badges, and the export with form values. Run with
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p eci-console`.

#![cfg(target_arch = "wasm32")]

use eci_console::core::api::ImageCache;
use eci_console::core::schema::{FormValues, RegistryCredential};
use eci_console::{provide_app_state, ExportPanel, StatusBadge, UpdateButton, UpdateExplanation};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Creates an empty element to mount a component into.
fn host() -> HtmlElement {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("a document");
    let host = document.create_element("div").expect("create div");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append host");
    host.unchecked_into()
}

/// Lets Leptos run the effects that a signal change scheduled.
async fn settle() {
    TimeoutFuture::new(20).await;
}

fn required<T: JsCast>(host: &HtmlElement, selector: &str) -> T {
    host.query_selector(selector)
        .expect("valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .dyn_into::<T>()
        .unwrap_or_else(|_| panic!("{selector} has another element type"))
}

fn text_of(host: &HtmlElement, selector: &str) -> Option<String> {
    let element = host.query_selector(selector).expect("valid selector")?;
    element.text_content()
}

/// Mounts the Update button and its explanation for a cache whose status is `status`;
/// returns the host and the number of clicks that reached `on_update`.
fn mount_update_button(status: RwSignal<String>) -> (HtmlElement, RwSignal<u32>) {
    let host = host();
    let clicks = RwSignal::new(0);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <UpdateButton status=status on_update=move |_: ()| clicks.update(|n| *n += 1) />
            <UpdateExplanation status=status />
        }
    });
    handle.forget();
    (host, clicks)
}

#[wasm_bindgen_test]
async fn update_disabled_while_creating() {
    let status = RwSignal::new("Creating".to_string());
    let (host, clicks) = mount_update_button(status);
    settle().await;

    let button: HtmlButtonElement = required(&host, "#update-cache");
    assert!(button.disabled(), "Update is enabled for a Creating cache");
    assert_eq!(
        text_of(&host, "#update-explanation").as_deref(),
        Some("A cache can be updated only when it is Ready or UpdateFailed; it is Creating.")
    );
    assert_eq!(
        button.get_attribute("aria-describedby").as_deref(),
        Some("update-explanation")
    );
    button.click();
    settle().await;
    assert_eq!(
        clicks.get_untracked(),
        0,
        "a disabled Update ran its action"
    );
}

#[wasm_bindgen_test]
async fn update_enabled_when_ready() {
    let status = RwSignal::new("Ready".to_string());
    let (host, clicks) = mount_update_button(status);
    settle().await;

    let button: HtmlButtonElement = required(&host, "#update-cache");
    assert!(!button.disabled(), "Update is disabled for a Ready cache");
    assert_eq!(text_of(&host, "#update-explanation"), None);
    button.click();
    settle().await;
    assert_eq!(clicks.get_untracked(), 1);

    status.set("UpdateFailed".to_string());
    settle().await;
    assert!(
        !button.disabled(),
        "Update is disabled for an UpdateFailed cache"
    );

    status.set("Updating".to_string());
    settle().await;
    assert!(button.disabled(), "Update is enabled while Updating");
    assert_eq!(
        text_of(&host, "#update-explanation").as_deref(),
        Some("A cache can be updated only when it is Ready or UpdateFailed; it is Updating.")
    );
}

#[wasm_bindgen_test]
async fn every_status_has_a_badge() {
    let cases = [
        ("Preparing", "badge badge-pending"),
        ("Creating", "badge badge-pending"),
        ("Ready", "badge badge-ready"),
        ("Failed", "badge badge-failed"),
        ("Updating", "badge badge-pending"),
        ("UpdateFailed", "badge badge-failed"),
        ("Deleting", "badge badge-other"),
    ];
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        cases
            .iter()
            .map(|(status, _)| view! { <StatusBadge status=status.to_string() /> })
            .collect_view()
    });
    settle().await;

    let badges = host.query_selector_all(".badge").expect("valid selector");
    assert_eq!(badges.length() as usize, cases.len());
    for (index, (status, class)) in cases.iter().enumerate() {
        let badge: HtmlElement = badges.item(index as u32).unwrap().unchecked_into();
        assert_eq!(badge.text_content().as_deref(), Some(*status));
        assert_eq!(badge.class_name(), *class, "class of {status}");
    }
    handle.forget();
}

#[wasm_bindgen_test]
async fn export_hides_password_until_ticked() {
    let cache = ImageCache {
        image_cache_id: "imc-web1".into(),
        image_cache_name: "web".into(),
        image_cache_size: Some(20),
        status: "Ready".into(),
        images: vec!["registry.example.com/ns/app:1.0".into()],
        region_id: "cn-hangzhou".into(),
        ..ImageCache::default()
    };
    let mut sent = FormValues::new();
    sent.set_text("security_group_id", "sg-web")
        .set_text("vswitch_id", "vsw-web")
        .set_credentials(
            "image_registry_credential",
            [RegistryCredential::new(
                "registry.example.com",
                "deploy",
                "browser-secret-pw",
            )],
        );
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_app_state();
        let cache = Signal::stored(Some(cache.clone()));
        let sent = Signal::stored(Some(sent.clone()));
        view! { <ExportPanel cache=cache sent=sent /> }
    });
    settle().await;

    let terraform = text_of(&host, "#export-terraform").unwrap_or_default();
    assert!(
        terraform.contains("  security_group_id = \"sg-web\"\n"),
        "{terraform}"
    );
    assert!(
        terraform.contains("\"REPLACE-registry-password\""),
        "{terraform}"
    );
    assert!(!terraform.contains("browser-secret-pw"), "{terraform}");
    let cli = text_of(&host, "#export-cli").unwrap_or_default();
    assert!(!cli.contains("browser-secret-pw"), "{cli}");

    let include: HtmlInputElement = required(&host, "#export-include-passwords");
    include.click();
    settle().await;
    let terraform = text_of(&host, "#export-terraform").unwrap_or_default();
    assert!(
        terraform.contains("    password  = \"browser-secret-pw\"\n"),
        "{terraform}"
    );
    let cli = text_of(&host, "#export-cli").unwrap_or_default();
    assert!(
        cli.contains("--ImageRegistryCredential.1.Password browser-secret-pw"),
        "{cli}"
    );
    handle.forget();
}
