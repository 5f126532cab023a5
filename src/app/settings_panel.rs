//! The settings panel: proxy URL, region and AccessKey.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use eci_core::credentials::check_credentials;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{use_app_state, SettingsSignals};
use crate::client::{fetch_demo_credentials, DemoCredentials};
use crate::settings::COMMON_REGIONS;

/// Quiet time after the last keystroke in the proxy URL before the console requests demo
/// credentials from that proxy, so typing a URL does not send a request per character.
const DEMO_CHECK_DELAY_MS: u32 = 400;

/// Renders a collapsible panel, open by default, with every setting a request needs.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = use_app_state();
    let settings = state.settings;
    let demo = use_demo_credentials(settings.proxy_url);
    let findings = credential_findings(settings);
    let findings_for = move |field: &'static str| {
        Signal::derive(move || {
            findings.with(|findings| {
                let about_field = findings.iter().filter(|(key, _)| *key == field);
                about_field.map(|(_, text)| text.clone()).collect()
            })
        })
    };
    let use_demo = move |_| {
        if let Some(credentials) = demo.get_untracked() {
            settings.access_key_id.set(credentials.access_key_id);
            settings
                .access_key_secret
                .set(credentials.access_key_secret);
            settings.security_token.set(String::new());
            state.caches.reload_requests.update(|count| *count += 1);
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
                        on:change=move |event| trim_value(settings.region, &event)
                    />
                    <datalist id="region-options">
                        {COMMON_REGIONS
                            .iter()
                            .map(|region| view! { <option value=*region></option> })
                            .collect_view()}
                    </datalist>
                    <p class="hint">"Region id, such as cn-hangzhou."</p>
                </div>
                <SettingInput
                    id="settings-access-key-id"
                    label="AccessKey ID"
                    kind="text"
                    value=settings.access_key_id
                    hint="Saved in this browser."
                    findings=findings_for("access_key_id")
                />
                <SettingInput
                    id="settings-access-key-secret"
                    label="AccessKey secret"
                    kind="password"
                    value=settings.access_key_secret
                    hint="Kept in this tab's memory only; a reload forgets it."
                    findings=findings_for("access_key_secret")
                />
                <SettingInput
                    id="settings-security-token"
                    label="STS security token (optional)"
                    kind="password"
                    value=settings.security_token
                    hint="Only for temporary STS credentials; kept in memory only."
                    findings=findings_for("security_token")
                />
            </div>
            {move || demo.get().map(|_| view! {
                <p class="demo">
                    <button id="use-demo-credentials" type="button" on:click=use_demo>
                        "Use the emulator's demo AccessKey"
                    </button>
                    " This proxy forwards to the local ECI emulator, which accepts its own \
                     demo key."
                </p>
            })}
        </details>
    }
}

/// Renders one labelled text input bound to a settings signal. Surrounding whitespace,
/// common in pasted keys, is removed when the field is committed (on change).
#[component]
fn SettingInput(
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
    hint: &'static str,
    /// Problems with the value, shown under the input as `#{id}-issue`.
    #[prop(optional, into)]
    findings: Signal<Vec<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let findings_id = format!("{id}-issue");
    view! {
        <div class="setting">
            <label for=id>{label}</label>
            <input
                id=id
                type=kind
                autocomplete="off"
                spellcheck="false"
                aria-describedby=format!("{hint_id} {findings_id}")
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                on:change=move |event| trim_value(value, &event)
            />
            <p class="hint" id=hint_id>{hint}</p>
            {move || {
                let findings = findings.get();
                (!findings.is_empty()).then(|| view! {
                    <p class="field-warning" id=findings_id.clone() role="status">
                        {findings.join(" ")}
                    </p>
                })
            }}
        </div>
    }
}

/// Returns the checks of `eci_core::credentials` as (field key, message) pairs. A value
/// that is merely missing is left out: the page that needs it names it when it is sent.
fn credential_findings(settings: SettingsSignals) -> Memo<Vec<(&'static str, String)>> {
    Memo::new(move |_| {
        let id = settings.access_key_id.get();
        let secret = settings.access_key_secret.get();
        let token = settings.security_token.get();
        let is_blank = |field: &str| match field {
            "access_key_id" => id.trim().is_empty(),
            "access_key_secret" => secret.trim().is_empty(),
            _ => token.trim().is_empty(),
        };
        check_credentials(&id, &secret, &token)
            .into_iter()
            .filter(|issue| !(issue.blocking && is_blank(issue.field)))
            .map(|issue| (issue.field, issue.message))
            .collect()
    })
}

/// Removes whitespace around the committed value of an input. The signal is left alone, and
/// so notifies nobody, when there was none.
fn trim_value(value: RwSignal<String>, event: &leptos::ev::Event) {
    let trimmed = event_target_value(event).trim().to_string();
    value.maybe_update(|current| {
        let changed = *current != trimmed;
        if changed {
            *current = trimmed;
        }
        changed
    });
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
    // Only a change of the trimmed URL starts a new check. Trimming on blur must not, because
    // it would hide the button while the user is clicking it.
    let trimmed_url = Memo::new(move |_| proxy_url.get().trim().to_string());
    Effect::new(move |_| {
        let url = trimmed_url.get();
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
