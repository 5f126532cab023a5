//! The banner that explains a failed request and what to do about it.

use eci_core::api::{ApiError, ErrorKind};
use eci_core::redact::redact;
use leptos::prelude::*;

use super::state::use_app_state;
use crate::client::{signature_diagnosis, skew_notice};

/// Shows `error` when there is one: the guidance for its kind, the HTTP status, the
/// service's code and request id, and on demand the raw response with every credential
/// replaced by `<redacted>`. A signature mismatch also gets its diagnosis
/// (`#error-diagnosis`), and a clock-skew rejection the measured offset. `extra_secrets`
/// are further values to hide, such as registry passwords typed into the create form.
#[component]
pub fn ErrorBanner(
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(optional, into)] extra_secrets: Signal<Vec<String>>,
) -> impl IntoView {
    let settings = use_app_state().settings;
    let show_details = RwSignal::new(false);
    let redact_secrets = move |text: &str| {
        let mut secrets = settings.secrets();
        secrets.extend(extra_secrets.get_untracked());
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        redact(text, &secrets)
    };
    let details = move || {
        error
            .get()
            .map(|error| redact_secrets(&details_text(&error)))
    };

    move || {
        let error = error.get()?;
        let guidance = error.guidance();
        // A diagnosis names the cause, so it replaces the generic advice.
        let diagnosis = signature_diagnosis(&error);
        let action = diagnosis
            .is_none()
            .then(|| view! { <p class="error-action">{guidance.action.clone()}</p> });
        let diagnosis = diagnosis.map(|text| {
            view! { <p id="error-diagnosis" class="error-diagnosis">{redact_secrets(&text)}</p> }
        });
        let skew = (error.kind() == ErrorKind::ClockSkew)
            .then(skew_notice)
            .flatten()
            .map(|text| view! { <p class="error-skew">{text}</p> });
        Some(view! {
            <section id="error-banner" class="error-banner" role="alert">
                <p class="error-title">{guidance.title}</p>
                {action}
                {diagnosis}
                {skew}
                <dl class="error-facts">
                    <dt>"HTTP status"</dt>
                    <dd class="error-status">{status_text(error.http_status)}</dd>
                    <dt>"Code"</dt>
                    <dd class="error-code">{or_none(&error.code)}</dd>
                    <dt>"Request id"</dt>
                    <dd class="error-request-id">{or_none(&error.request_id)}</dd>
                </dl>
                <button
                    id="error-details-toggle"
                    type="button"
                    class="link-button"
                    aria-expanded=move || show_details.get().to_string()
                    aria-controls="error-details"
                    on:click=move |_| show_details.update(|shown| *shown = !*shown)
                >
                    {move || if show_details.get() { "Hide details" } else { "Details" }}
                </button>
                <Show when=move || show_details.get()>
                    <pre id="error-details" class="error-details">{details}</pre>
                </Show>
            </section>
        })
    }
}

fn status_text(http_status: u16) -> String {
    match http_status {
        0 => "no response".to_string(),
        status => status.to_string(),
    }
}

fn or_none(text: &str) -> String {
    if text.is_empty() {
        "none".to_string()
    } else {
        text.to_string()
    }
}

/// Returns the message and the raw body for the details view, not yet redacted.
fn details_text(error: &ApiError) -> String {
    let message = if error.message.is_empty() {
        "(none)"
    } else {
        error.message.as_str()
    };
    let body = if error.raw_body.is_empty() {
        "(empty)"
    } else {
        error.raw_body.as_str()
    };
    format!("Message: {message}\n\nResponse body:\n{body}")
}
