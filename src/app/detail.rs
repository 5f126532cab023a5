//! One image cache (`/caches/:id`): its facts, build progress and events, polled until
//! the service finishes with it.

use eci_core::api::{CacheStatus, Event, ImageCache};
use eci_core::export::{aliyun_cli_command, terraform_config};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use super::delete_dialog::{DeleteDialog, DeleteTarget};
use super::error_banner::ErrorBanner;
use super::poll::{use_cache_poll, PollState};
use super::state::use_app_state;
use super::status::{Progress, StatusBadge};
use crate::caches::{size_label, time_label};

#[component]
pub fn DetailPage() -> impl IntoView {
    let params = use_params_map();
    let image_cache_id = Signal::derive(move || {
        params
            .read()
            .get("id")
            .unwrap_or_default()
            .trim()
            .to_string()
    });
    let poll = use_cache_poll(image_cache_id);
    let region = use_app_state().settings.region;
    let delete_target = RwSignal::new(None::<DeleteTarget>);
    let navigate = use_navigate();

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
                    <button id="delete-cache" type="button" class="danger" on:click=ask_delete>
                        "Delete"
                    </button>
                </div>
            </div>
            {move || notice.get().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <ErrorBanner error=error />
            {move || {
                poll_message().map(|text| view! { <p class="notice" role="status">{text}</p> })
            }}
            {move || cache.get().map(|cache| view! { <CacheFacts cache=cache /> })}
            <DeleteDialog target=delete_target on_deleted=on_deleted />
        </section>
    }
}

/// Returns the sentence that explains the poll's state, when it needs one.
fn poll_message(state: &PollState, image_cache_id: &str, region: &str) -> Option<String> {
    match state {
        PollState::NotVisibleYet => Some(format!(
            "The service does not list {image_cache_id} yet; a new cache usually appears within \
             a few seconds, and this page keeps checking."
        )),
        PollState::NotFound => Some(format!(
            "No image cache with id {image_cache_id} exists in region {}. Check the id, or pick \
             the region it was created in under Settings.",
            region.trim()
        )),
        _ => None,
    }
}

/// Renders the facts, images and events of a described cache.
#[component]
fn CacheFacts(cache: ImageCache) -> impl IntoView {
    let failed = cache.status() == CacheStatus::Failed;
    let failure_note = failed.then(|| {
        view! {
            <p class="notice notice-failed">
                "This cache failed to build; the Warning events below say why. The service \
                 keeps a failed cache for one day, then deletes it."
            </p>
        }
    });
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
        ("Resource group", cache.resource_group_id.clone()),
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
            <dd>{size_label(&cache)}</dd>
            <dt>"Created"</dt>
            <dd>{time_label(&cache.creation_time)}</dd>
            <dt>"Region"</dt>
            <dd>{cache.region_id.clone()}</dd>
            {optional_facts}
        </dl>
        <h2>"Images"</h2>
        <ul class="image-list">
            {cache
                .images
                .iter()
                .map(|image| view! { <li class="mono">{image.clone()}</li> })
                .collect_view()}
        </ul>
        <h2>"Events"</h2>
        <EventsTable events=cache.events.clone() />
        <ExportPanel cache=cache />
    }
}

/// Renders the cache as Terraform configuration and as an `aliyun` CLI command, collapsed.
#[component]
fn ExportPanel(cache: ImageCache) -> impl IntoView {
    let region = if cache.region_id.is_empty() {
        use_app_state()
            .settings
            .region
            .get_untracked()
            .trim()
            .to_string()
    } else {
        cache.region_id.clone()
    };
    view! {
        <details class="export">
            <summary>"Export as Terraform or aliyun CLI"</summary>
            <p class="hint">
                "The API does not return the security group, vSwitch, EIP or registry logins, \
                 so they appear as placeholders to replace."
            </p>
            <pre>{terraform_config(&cache)}</pre>
            <pre>{aliyun_cli_command(&cache, &region)}</pre>
        </details>
    }
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
