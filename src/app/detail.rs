//! One image cache (`/caches/:id`): its facts, build progress and events, polled until
//! the service finishes with it, with its Update and Delete actions and its export.

use eci_core::api::{CacheStatus, Event, ImageCache};
use eci_core::list::image_set;
use eci_core::schema::{FieldValue, FormValues};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use super::delete_dialog::{DeleteDialog, DeleteTarget};
use super::error_banner::ErrorBanner;
use super::export_panel::ExportPanel;
use super::poll::{use_cache_poll, PollState};
use super::state::use_app_state;
use super::status::{Progress, StatusBadge};
use crate::caches::{size_label, time_label, update_block_reason};
use crate::changes::NOT_RETURNED_TEXT;

/// Returns the `:id` parameter of the current route, trimmed.
pub fn use_image_cache_id() -> Signal<String> {
    let params = use_params_map();
    Signal::derive(move || {
        params
            .read()
            .get("id")
            .unwrap_or_default()
            .trim()
            .to_string()
    })
}

#[component]
pub fn DetailPage() -> impl IntoView {
    let image_cache_id = use_image_cache_id();
    let poll = use_cache_poll(image_cache_id);
    let app = use_app_state();
    let region = app.settings.region;
    let sent = app.sent.values;
    let delete_target = RwSignal::new(None::<DeleteTarget>);
    let navigate = use_navigate();
    let open_update = {
        let navigate = navigate.clone();
        move |_: ()| {
            let path = format!("/caches/{}/update", image_cache_id.get_untracked());
            navigate(&path, NavigateOptions::default());
        }
    };

    let (cache, state, error, notice) = (poll.cache, poll.state, poll.error, poll.notice);
    let refresh = {
        let poll = poll.clone();
        move |_| poll.refresh()
    };
    let ask_delete = move |_| {
        let name = cache.with(|cache| cache.as_ref().map(|c| c.image_cache_name.clone()));
        delete_target.set(Some(DeleteTarget {
            image_cache_id: image_cache_id.get(),
            image_cache_name: name.unwrap_or_default(),
        }));
    };
    let on_deleted = move |_: String| navigate("/", NavigateOptions::default());
    let poll_message = move || poll_message(&state.get(), &image_cache_id.get(), &region.get());
    let is_polling = move || poll.is_polling();
    let status = Signal::derive(move || {
        cache.with(|cache| cache.as_ref().map(|c| c.status.clone()).unwrap_or_default())
    });
    let sent_values = Signal::derive(move || {
        let id = image_cache_id.get();
        sent.with(|sent| sent.get(&id).cloned())
    });

    view! {
        <section class="page">
            <div class="toolbar">
                <h1>
                    {move || {
                        cache
                            .with(|c| c.as_ref().map(|c| c.image_cache_name.clone()))
                            .filter(|name| !name.is_empty())
                            .unwrap_or_else(|| "Image cache".to_string())
                    }}
                </h1>
                <span id="detail-id" class="mono">{image_cache_id}</span>
                <span class="status-line" role="status">
                    {move || if is_polling() { "Checking for changes…" } else { "" }}
                </span>
                <div class="toolbar-end">
                    <button id="refresh-detail" type="button" on:click=refresh>"Refresh"</button>
                    <UpdateButton status=status on_update=open_update />
                    // A cache the service does not list cannot be deleted.
                    <button
                        id="delete-cache"
                        type="button"
                        class="danger"
                        on:click=ask_delete
                        prop:disabled=move || matches!(state.get(), PollState::NotFound)
                    >
                        "Delete"
                    </button>
                </div>
            </div>
            <UpdateExplanation status=status />
            {move || notice.get().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <ErrorBanner error=error />
            {move || {
                poll_message().map(|text| view! { <p class="notice" role="status">{text}</p> })
            }}
            {move || {
                cache.get().map(|cache| view! { <CacheFacts cache=cache sent=sent_values.get() /> })
            }}
            <Show when=move || cache.with(Option::is_some)>
                <ExportPanel cache=cache sent=sent_values />
            </Show>
            <DeleteDialog target=delete_target on_deleted=on_deleted />
        </section>
    }
}

/// Renders the Update button, enabled only when UpdateImageCache accepts the cache's
/// `status` (Ready or UpdateFailed). A disabled button points to the explanation that
/// [`UpdateExplanation`] shows.
#[component]
pub fn UpdateButton(
    #[prop(into)] status: Signal<String>,
    #[prop(into)] on_update: Callback<()>,
) -> impl IntoView {
    let blocked = move || status.with(|status| update_block_reason(status).is_some());
    view! {
        <button
            id="update-cache"
            type="button"
            disabled=blocked
            aria-describedby=move || blocked().then_some("update-explanation")
            on:click=move |_| on_update.run(())
        >
            "Update"
        </button>
    }
}

/// Renders why the cache cannot be updated now (`#update-explanation`), or nothing when it
/// can.
#[component]
pub fn UpdateExplanation(#[prop(into)] status: Signal<String>) -> impl IntoView {
    move || {
        status
            .with(|status| update_block_reason(status))
            .map(|reason| {
                view! { <p id="update-explanation" class="hint update-explanation">{reason}</p> }
            })
    }
}

/// Returns the sentence that explains the poll's state, when it needs one.
fn poll_message(state: &PollState, image_cache_id: &str, region: &str) -> Option<String> {
    match state {
        PollState::NotVisibleYet => Some(format!(
            "Not visible yet: the service does not list {image_cache_id} yet. A new cache \
             usually appears within a few seconds, and this page keeps checking."
        )),
        PollState::NotFound => Some(format!(
            "No image cache with id {image_cache_id} exists in region {}. Check the id, or pick \
             the region it was created in under Settings.",
            region.trim()
        )),
        _ => None,
    }
}

/// Renders the facts, images and events of a described cache. `sent` are the form values
/// this tab sent for the cache, which supply facts the API does not return.
#[component]
fn CacheFacts(cache: ImageCache, sent: Option<FormValues>) -> impl IntoView {
    let failure_note = match cache.status() {
        CacheStatus::Failed => Some(
            "This cache failed to build; the Warning events below say why. The service keeps a \
             failed cache for one day, then deletes it.",
        ),
        CacheStatus::UpdateFailed => Some(
            "The last update of this cache failed; the Warning events below say why. Correct \
             the values and update it again.",
        ),
        _ => None,
    }
    .map(|text| view! { <p id="failure-note" class="notice notice-failed">{text}</p> });
    let tags = cache
        .tags
        .iter()
        .map(|tag| format!("{}={}", tag.key, tag.value))
        .collect::<Vec<_>>()
        .join(", ");
    let optional = [
        ("Expires", time_label(&cache.expire_date_time)),
        ("Last matched", time_label(&cache.last_matched_time)),
        ("Snapshot", cache.snapshot_id.clone()),
        ("Flash snapshot", cache.flash_snapshot_id.clone()),
        ("Build instance", cache.container_group_id.clone()),
        ("Elimination strategy", cache.elimination_strategy.clone()),
        ("Tags", tags),
    ];
    let optional_facts = optional
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> })
        .collect_view();

    view! {
        {failure_note}
        <dl class="facts">
            <dt>"Status"</dt>
            <dd><StatusBadge status=cache.status.clone() id="detail-status" /></dd>
            <dt>"Progress"</dt>
            <dd><Progress progress=cache.progress.clone() id="detail-progress" /></dd>
            <dt>"Size"</dt>
            <dd id="detail-size">{size_label(&cache)}</dd>
            <dt>"Created"</dt>
            <dd>{time_label(&cache.creation_time)}</dd>
            <dt>"Region"</dt>
            <dd>{cache.region_id.clone()}</dd>
            {optional_facts}
            {unreturned_facts(&cache, sent.as_ref())}
        </dl>
        <h2>"Images"</h2>
        <ul id="detail-images" class="image-list">
            {image_set(&cache.images)
                .into_iter()
                .map(|image| view! { <li class="mono">{image}</li> })
                .collect_view()}
        </ul>
        <h2>"Events"</h2>
        <EventsTable events=cache.events.clone() />
    }
}

/// Renders the facts DescribeImageCaches does not return: the value this tab sent, when it
/// sent one, or "not returned by the API". Registry passwords are never shown.
fn unreturned_facts(cache: &ImageCache, sent: Option<&FormValues>) -> impl IntoView {
    let sent_text = |key: &str| {
        let text = sent.map(|values| values.text(key)).unwrap_or_default();
        (!text.is_empty()).then(|| text.to_string())
    };
    let logins = sent
        .and_then(|values| match values.get("image_registry_credential") {
            Some(FieldValue::Credentials(rows)) => Some(rows),
            _ => None,
        })
        .map(|rows| {
            rows.iter()
                .filter(|row| !row.server.trim().is_empty())
                .map(|row| format!("{} (user {})", row.server.trim(), row.user_name.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|text| !text.is_empty());
    let resource_group = if cache.resource_group_id.is_empty() {
        sent_text("resource_group_id")
    } else {
        Some(cache.resource_group_id.clone())
    };
    let resource_group_known = !cache.resource_group_id.is_empty();
    let facts = [
        (
            "fact-security-group",
            "Security group",
            sent_text("security_group_id"),
            false,
        ),
        ("fact-vswitch", "vSwitch", sent_text("vswitch_id"), false),
        ("fact-eip", "EIP", sent_text("eip_instance_id"), false),
        (
            "fact-resource-group",
            "Resource group",
            resource_group,
            resource_group_known,
        ),
        ("fact-registry-logins", "Registry logins", logins, false),
    ];
    facts
        .into_iter()
        .map(|(id, term, value, returned)| {
            let dd = match value {
                Some(value) if returned => view! { <dd id=id>{value}</dd> }.into_any(),
                Some(value) => view! {
                    <dd id=id>
                        {value} " " <span class="hint">"(as sent from this tab)"</span>
                    </dd>
                }
                .into_any(),
                None => {
                    view! { <dd id=id class="not-returned">{NOT_RETURNED_TEXT}</dd> }.into_any()
                }
            };
            view! { <dt>{term}</dt>{dd} }
        })
        .collect_view()
}

/// Renders the events of the temporary instance that builds the cache, oldest first as the
/// service lists them.
#[component]
fn EventsTable(events: Vec<Event>) -> impl IntoView {
    let empty = events.is_empty();
    let rows = events
        .into_iter()
        .map(|event| {
            let class = if event.event_type == "Warning" {
                "event-row warning"
            } else {
                "event-row"
            };
            view! {
                <tr class=class>
                    <td>{event.event_type}</td>
                    <td>{event.reason}</td>
                    <td class="message">{event.message}</td>
                    <td class="number">{event.count.map(|count| count.to_string())}</td>
                    <td>{time_label(&event.first_timestamp)}</td>
                    <td>{time_label(&event.last_timestamp)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="events-table" class="events-table">
            <thead>
                <tr>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Reason"</th>
                    <th scope="col">"Message"</th>
                    <th scope="col" class="number">"Count"</th>
                    <th scope="col">"First seen"</th>
                    <th scope="col">"Last seen"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {empty.then(|| view! { <p class="empty">"No events yet."</p> })}
    }
}
