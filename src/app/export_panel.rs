//! The export of a cache on its detail page: Terraform configuration with an `import`
//! block, and the `aliyun eci CreateImageCache` command line, each with a copy button.

use eci_core::api::ImageCache;
use eci_core::export::{aliyun_cli_command_with_form, terraform_config_with_form};
use eci_core::schema::FormValues;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::state::use_app_state;
use crate::form::registry_passwords;

/// Renders the export of `cache`. When this tab created or updated the cache, `sent` contains
/// the form values, which supply the security group, vSwitch, EIP and registry logins that
/// DescribeImageCaches does not return. Registry passwords appear only while
/// `#export-include-passwords` is ticked.
#[component]
pub fn ExportPanel(
    #[prop(into)] cache: Signal<Option<ImageCache>>,
    #[prop(into)] sent: Signal<Option<FormValues>>,
) -> impl IntoView {
    let settings_region = use_app_state().settings.region;
    let include_passwords = RwSignal::new(false);
    let copy_status = RwSignal::new(None::<String>);

    let terraform = Memo::new(move |_| {
        let include = include_passwords.get();
        cache
            .with(|cache| {
                let cache = cache.as_ref()?;
                sent.with(|sent| Some(terraform_config_with_form(cache, sent.as_ref(), include)))
            })
            .unwrap_or_default()
    });
    let cli = Memo::new(move |_| {
        let include = include_passwords.get();
        cache
            .with(|cache| {
                let cache = cache.as_ref()?;
                let region = if cache.region_id.is_empty() {
                    settings_region.get().trim().to_string()
                } else {
                    cache.region_id.clone()
                };
                sent.with(|sent| {
                    Some(aliyun_cli_command_with_form(
                        cache,
                        sent.as_ref(),
                        &region,
                        include,
                    ))
                })
            })
            .unwrap_or_default()
    });
    let has_passwords = move || {
        sent.with(|sent| {
            sent.as_ref()
                .is_some_and(|values| registry_passwords(values).iter().any(|p| !p.is_empty()))
        })
    };
    let source_hint = move || {
        if sent.with(Option::is_some) {
            "This tab sent this cache's settings, so the export uses them for the values the \
             API does not return."
        } else {
            "The API does not return the security group, vSwitch, EIP or registry logins, so \
             the security group and vSwitch appear as placeholders to replace."
        }
    };

    view! {
        <details id="export" class="export">
            <summary>"Export as Terraform or aliyun CLI"</summary>
            <p class="hint">{source_hint}</p>
            <div class="export-option">
                <input
                    id="export-include-passwords"
                    type="checkbox"
                    prop:checked=move || include_passwords.get()
                    on:change=move |event| include_passwords.set(event_target_checked(&event))
                />
                <label for="export-include-passwords">"Include registry passwords"</label>
                <span class="hint">
                    {move || {
                        if has_passwords() {
                            "Unticked, each password is replaced by a placeholder."
                        } else {
                            "This export has no registry passwords."
                        }
                    }}
                </span>
            </div>
            <div class="export-heading">
                <h3>"Terraform"</h3>
                <button
                    id="copy-terraform"
                    type="button"
                    on:click=move |_| copy_text(terraform.get_untracked(), copy_status)
                >
                    "Copy Terraform"
                </button>
            </div>
            <pre id="export-terraform">{move || terraform.get()}</pre>
            <div class="export-heading">
                <h3>"aliyun CLI"</h3>
                <button
                    id="copy-cli"
                    type="button"
                    on:click=move |_| copy_text(cli.get_untracked(), copy_status)
                >
                    "Copy command"
                </button>
            </div>
            <pre id="export-cli">{move || cli.get()}</pre>
            <p id="copy-status" class="status-line" role="status">{move || copy_status.get()}</p>
        </details>
    }
}

/// Writes `text` to the clipboard with `navigator.clipboard.writeText` and reports the
/// outcome in `status`. The Clipboard API exists only in secure contexts (HTTPS or
/// localhost), so elsewhere the user is asked to copy by hand.
fn copy_text(text: String, status: RwSignal<Option<String>>) {
    const FAILED: &str = "Copying failed, because the browser did not allow access to the \
                          clipboard. Select the text and press Ctrl+C.";
    let Some(write_text) = clipboard_write_text() else {
        status.set(Some(FAILED.to_string()));
        return;
    };
    let (clipboard, write) = write_text;
    let promise = match write.call1(&clipboard, &JsValue::from_str(&text)) {
        Ok(promise) => promise,
        Err(_) => return status.set(Some(FAILED.to_string())),
    };
    let on_done = Closure::once_into_js(move |_: JsValue| status.set(Some("Copied.".into())));
    let on_failed = Closure::once_into_js(move |_: JsValue| status.set(Some(FAILED.into())));
    let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|then| then.dyn_into::<js_sys::Function>().ok());
    match then {
        Some(then) => {
            // A rejection is reported through `on_failed`, so the result needs no handling.
            let _ = then.call2(&promise, &on_done, &on_failed);
        }
        None => status.set(Some("Copied.".into())),
    }
}

/// Returns `navigator.clipboard` and its `writeText` function, when the browser has them.
fn clipboard_write_text() -> Option<(JsValue, js_sys::Function)> {
    let window = web_sys::window()?;
    let navigator = js_sys::Reflect::get(&window, &JsValue::from_str("navigator")).ok()?;
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?;
    let write = write.dyn_into::<js_sys::Function>().ok()?;
    Some((clipboard, write))
}
