//! The request log panel and the clock-skew notice, both drawn from the client's record of
//! recent requests.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlTextAreaElement;

use crate::client::{self, RequestRecord, MAX_LOG_ENTRIES};

/// Returns a signal that changes after every change of the request log or of the clock
/// offset. The subscription ends when the current component is cleaned up.
fn use_client_activity() -> RwSignal<u64> {
    let version = RwSignal::new(0_u64);
    let listener = client::subscribe(move || {
        version.try_update(|version| *version += 1);
    });
    on_cleanup(move || client::unsubscribe(listener));
    version
}

/// Renders `#clock-skew-notice` while this computer's clock is more than a minute off
/// the service's, as the `Date` header of the latest response showed.
#[component]
pub fn ClockSkewNotice() -> impl IntoView {
    let activity = use_client_activity();
    move || {
        activity.track();
        client::skew_notice().map(|text| {
            view! { <p id="clock-skew-notice" class="notice clock-skew" role="status">{text}</p> }
        })
    }
}

/// Renders the request log: a toggle and, when open, a table of the recent requests,
/// newest first, each with a "Copy as curl" button.
#[component]
pub fn RequestLog() -> impl IntoView {
    let activity = use_client_activity();
    let open = RwSignal::new(false);
    let records = Memo::new(move |_| {
        activity.track();
        client::request_log()
    });
    let caption = format!("The last {MAX_LOG_ENTRIES} requests of this tab, newest first.");
    let toggle_label = move || {
        let verb = if open.get() { "Hide" } else { "Show" };
        format!("{verb} request log ({})", records.with(Vec::len))
    };

    view! {
        <section class="request-log-panel" aria-label="Request log">
            <button
                id="request-log-toggle"
                type="button"
                class="link-button"
                aria-expanded=move || open.get().to_string()
                aria-controls="request-log"
                on:click=move |_| open.update(|open| *open = !*open)
            >
                {toggle_label}
            </button>
            <Show when=move || open.get()>
                <div id="request-log" class="request-log">
                    <table class="request-log-table">
                        <caption>{caption.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Time"</th>
                                <th scope="col">"Action"</th>
                                <th scope="col">"HTTP status"</th>
                                <th scope="col">"Request id"</th>
                                <th scope="col">"Attempts"</th>
                                <th scope="col">"Result"</th>
                                <th scope="col"><span class="visually-hidden">"Copy"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || records.get()
                                key=|record| record.id
                                children=move |record| {
                                    view! { <LogRow id=record.id records=records /> }
                                }
                            />
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

/// Renders the row of record `id`, and under it the curl command once it was copied.
#[component]
fn LogRow(id: u64, records: Memo<Vec<RequestRecord>>) -> impl IntoView {
    let record =
        Memo::new(move |_| records.with(|all| all.iter().find(|record| record.id == id).cloned()));
    let field = move |read: fn(&RequestRecord) -> String| {
        move || record.with(|record| record.as_ref().map(read).unwrap_or_default())
    };
    let copy_status = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        let command = record.with_untracked(|record| {
            record
                .as_ref()
                .map(|record| record.curl.clone())
                .unwrap_or_default()
        });
        let copied = copy_to_clipboard(&command);
        copy_status.set(Some(if copied {
            "Copied to the clipboard."
        } else {
            "Copying failed; select the command and copy it."
        }));
    };

    view! {
        <tr class="request-log-row" data-record-id=id.to_string()>
            <td class="request-log-time">{field(time_text)}</td>
            <td class="request-log-action">{field(|record| record.action.clone())}</td>
            <td class="request-log-status">{field(status_text)}</td>
            <td class="request-log-request-id mono">{field(request_id_text)}</td>
            <td class="request-log-attempts number">{field(attempts_text)}</td>
            <td class="request-log-outcome">{field(outcome_text)}</td>
            <td>
                <button
                    type="button"
                    class="request-log-copy"
                    disabled=move || field(|record| record.curl.clone())().is_empty()
                    on:click=copy
                >
                    "Copy as curl"
                </button>
            </td>
        </tr>
        {move || copy_status.get().map(|status| view! {
            <tr class="request-log-curl-row">
                <td colspan="7">
                    <textarea
                        class="request-log-curl mono"
                        readonly
                        rows="3"
                        aria-label="curl command"
                        prop:value=field(|record| record.curl.clone())
                    ></textarea>
                    <span class="hint" role="status">{status}</span>
                </td>
            </tr>
        })}
    }
}

/// Returns the status column: the HTTP status, `no response`, or `sending` before the
/// first attempt ends.
fn status_text(record: &RequestRecord) -> String {
    match record.http_status {
        Some(status) => status.to_string(),
        None if record.attempts == 0 => "sending".to_string(),
        None => "no response".to_string(),
    }
}

fn outcome_text(record: &RequestRecord) -> String {
    if record.finished || record.attempts == 0 {
        record.outcome.clone()
    } else {
        format!("{}, retrying", record.outcome)
    }
}

fn request_id_text(record: &RequestRecord) -> String {
    if record.request_id.is_empty() {
        "none".to_string()
    } else {
        record.request_id.clone()
    }
}

fn attempts_text(record: &RequestRecord) -> String {
    record.attempts.to_string()
}

/// Formats the start of the request as the local time of day, `HH:MM:SS`.
fn time_text(record: &RequestRecord) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(record.started_at_ms));
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// Copies `text` with a temporary, invisible textarea and `document.execCommand("copy")`.
/// Unlike `navigator.clipboard`, this also works on pages served over plain HTTP from
/// another host. Returns whether the browser reports success.
fn copy_to_clipboard(text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return false;
    };
    let Some(body) = document.body() else {
        return false;
    };
    let Ok(element) = document.create_element("textarea") else {
        return false;
    };
    let Ok(textarea) = element.dyn_into::<HtmlTextAreaElement>() else {
        return false;
    };
    textarea.set_value(text);
    let _ = textarea.set_attribute("readonly", "");
    let _ = textarea.set_attribute("style", "position:fixed;top:0;left:0;opacity:0");
    if body.append_child(&textarea).is_err() {
        return false;
    }
    textarea.select();
    let copied = js_sys::Reflect::get(&document, &JsValue::from_str("execCommand"))
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .and_then(|exec| exec.call1(&document, &JsValue::from_str("copy")).ok())
        .and_then(|result| result.as_bool())
        .unwrap_or(false);
    textarea.remove();
    copied
}
