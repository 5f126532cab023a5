//! The settings panel: proxy URL, region and AccessKey.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::use_app_state;
use crate::client::{fetch_demo_credentials, DemoCredentials};
use crate::settings::COMMON_REGIONS;

/// Quiet time after the last keystroke in the proxy URL before the console requests demo credentials
/// from that proxy, so typing a URL does not send a request per character.
const DEMO_CHECK_DELAY_MS: u32 = 400;

/// Renders a collapsible panel, open by default, with every setting a request needs.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let settings = use_app_state().settings;
    let demo = use_demo_credentials(settings.proxy_url);
    let use_demo = move |_| {
        if let Some(credentials) = demo.get_untracked() {
            settings.access_key_id.set(credentials.access_key_id);
            settings
                .access_key_secret
                .set(credentials.access_key_secret);
            settings.security_token.set(String::new());
        }
    };

    view! {
        <details id="settings" class="settings" open>
            <summary>"Settings"</summary>
            <div class="settings-grid">
                <SettingInput
                    id="settings-proxy-url"
                    label="Proxy URL"
                    kind="url"
                    value=settings.proxy_url
                    hint="The eci-proxy that forwards signed requests to ECI."
                />
                <div class="setting">
                    <label for="settings-region">"Region"</label>
                    <input
                        id="settings-region"
                        type="text"
                        list="region-options"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || settings.region.get()
                        on:input=move |event| settings.region.set(event_target_value(&event))
                        on:change=move |event| settings.region.set(event_target_value(&event).trim().into())
                    />
                    <datalist id="region-options">
                        {COMMON_REGIONS.iter().map(|region| view! { <option value=*region></option> }).collect_view()}
                    </datalist>
                    <p class="hint">"Region id, such as cn-hangzhou."</p>
                </div>
                <SettingInput
                    id="settings-access-key-id"
                    label="AccessKey ID"
                    kind="text"
                    value=settings.access_key_id
                    hint="Saved in this browser."
                />
                <SettingInput
                    id="settings-access-key-secret"
                    label="AccessKey secret"
                    kind="password"
                    value=settings.access_key_secret
                    hint="Kept in this tab's memory only; a reload forgets it."
                />
                <SettingInput
                    id="settings-security-token"
                    label="STS security token (optional)"
                    kind="password"
                    value=settings.security_token
                    hint="Only for temporary STS credentials; kept in memory only."
                />
            </div>
            {move || demo.get().map(|_| view! {
                <p class="demo">
                    <button id="use-demo-credentials" type="button" on:click=use_demo>
                        "Use the emulator's demo AccessKey"
                    </button>
                    " This proxy forwards to the local ECI emulator, which accepts its own demo key."
                </p>
            })}
        </details>
    }
}

/// Renders one labelled text input bound to a settings signal. Surrounding whitespace, common in
/// pasted keys, is removed when the field is committed (on change).
#[component]
fn SettingInput(
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
    hint: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="setting">
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                autocomplete="off"
                spellcheck="false"
                aria-describedby=hint_id.clone()
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                on:change=move |event| value.set(event_target_value(&event).trim().into())
            />
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}

/// Returns the demo AccessKey of the proxy at `proxy_url`, if it is a proxy in emulator
/// mode. The check runs again, after a short quiet time, whenever the URL changes.
fn use_demo_credentials(proxy_url: RwSignal<String>) -> RwSignal<Option<DemoCredentials>> {
    let demo = RwSignal::new(None::<DemoCredentials>);
    let generation = Arc::new(AtomicU64::new(0));
    let retire = Arc::clone(&generation);
    on_cleanup(move || {
        retire.fetch_add(1, Ordering::SeqCst);
    });
    Effect::new(move |_| {
        let url = proxy_url.get().trim().to_string();
        let current = generation.fetch_add(1, Ordering::SeqCst) + 1;
        let generation = Arc::clone(&generation);
        demo.set(None);
        spawn_local(async move {
            TimeoutFuture::new(DEMO_CHECK_DELAY_MS).await;
            if url.is_empty() || generation.load(Ordering::SeqCst) != current {
                return;
            }
            let credentials = fetch_demo_credentials(&url).await;
            if generation.load(Ordering::SeqCst) == current {
                demo.set(credentials);
            }
        });
    });
    demo
}
