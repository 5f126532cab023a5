//! The list of image caches (`/`).

use eci_core::api::{ApiError, ImageCache};
use eci_core::list::{image_set, matches_status, visible_rows, SortColumn};
use leptos::prelude::*;

use super::delete_dialog::{DeleteDialog, DeleteTarget};
use super::error_banner::ErrorBanner;
use super::filters::{ListFilters, StatusCounts};
use super::poll::use_poller;
use super::state::use_app_state;
use super::status::{Progress, StatusBadge};
use crate::caches::{self, filtered_count_label, size_label, time_label};

/// Renders the table of caches with server-side filters, a status filter and a quick search.
/// It reads every page of the result when opened, on Refresh and when filters are applied,
/// and refreshes by itself, with backoff, while any cache is pending.
#[component]
pub fn ListPage() -> impl IntoView {
    let state = use_app_state();
    let rows = state.caches.rows;
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new((SortColumn::CreationTime, false));
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let delete_target = RwSignal::new(None::<DeleteTarget>);
    let poller = use_poller();
    let polling = poller.active;

    let refresh = move || {
        error.set(None);
        notice.set(None);
        let client = match state.client() {
            Ok(client) => client,
            Err(problem) => return notice.set(Some(problem)),
        };
        loading.set(true);
        let filter = state.caches.filter.get_untracked().describe_filter();
        let fetch = move || {
            let client = client.clone();
            let filter = filter.clone();
            async move { client.describe_all(&filter).await }
        };
        let apply = move |result: Result<Vec<ImageCache>, ApiError>| {
            loading.set(false);
            match result {
                Ok(fresh) => {
                    let pending = caches::any_pending(&fresh);
                    rows.set(fresh);
                    state.caches.loaded.set(true);
                    error.set(None);
                    pending
                }
                Err(failure) => {
                    error.set(Some(failure));
                    false
                }
            }
        };
        poller.start(fetch, apply);
    };
    refresh();
    let apply_filters = refresh.clone();

    // Load again on request from another part of the page, such as the demo AccessKey button.
    let reload = refresh.clone();
    let reload_requests = state.caches.reload_requests;
    Effect::new(move |previous: Option<u64>| {
        let requests = reload_requests.get();
        if previous.is_some_and(|previous| previous != requests) {
            reload();
        }
        requests
    });

    let status = state.caches.status;
    let visible = Memo::new(move |_| {
        let (column, ascending) = sort.get();
        let mut shown =
            rows.with(|rows| search.with(|query| visible_rows(rows, query, column, ascending)));
        status.with(|status| shown.retain(|cache| matches_status(cache, status)));
        shown
    });
    let filtered = move || state.caches.filter.with(|filter| !filter.is_empty());
    let count = move || {
        if !state.caches.loaded.get() && rows.with(Vec::is_empty) {
            return "Not loaded yet".to_string();
        }
        filtered_count_label(visible.with(Vec::len), rows.with(Vec::len))
    };
    let status_line = move || {
        if loading.get() {
            "Loading…"
        } else if polling.get() {
            "Some caches are still being built; this list refreshes by itself."
        } else {
            ""
        }
    };

    view! {
        <section class="page">
            <div class="toolbar">
                <h1>"Image caches"</h1>
                <span id="cache-count" class="count">{count}</span>
                <span class="status-line" role="status">{status_line}</span>
                <div class="toolbar-end">
                    <label for="cache-search">"Search"</label>
                    <input
                        id="cache-search"
                        type="search"
                        placeholder="Name, id, status or image"
                        prop:value=move || search.get()
                        on:input=move |event| search.set(event_target_value(&event))
                    />
                    <button id="refresh-list" type="button" on:click=move |_| refresh()>
                        "Refresh"
                    </button>
                </div>
            </div>
            <ListFilters on_apply=move |_: ()| apply_filters() />
            <StatusCounts />
            {move || notice.get().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <ErrorBanner error=error />
            <table id="cache-table" class="cache-table">
                <thead>
                    <tr>
                        <SortHeader id="sort-name" label="Name" column=SortColumn::Name sort=sort />
                        <SortHeader id="sort-id" label="ID" column=SortColumn::Id sort=sort />
                        <SortHeader
                            id="sort-status"
                            label="Status"
                            column=SortColumn::Status
                            sort=sort
                        />
                        <SortHeader
                            id="sort-progress"
                            label="Progress"
                            column=SortColumn::Progress
                            sort=sort
                        />
                        <SortHeader id="sort-size" label="Size" column=SortColumn::Size sort=sort />
                        <SortHeader
                            id="sort-images"
                            label="Images"
                            column=SortColumn::Images
                            sort=sort
                        />
                        <SortHeader
                            id="sort-created"
                            label="Created"
                            column=SortColumn::CreationTime
                            sort=sort
                        />
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        visible
                            .get()
                            .into_iter()
                            .map(|cache| {
                                view! { <CacheRow cache=cache delete_target=delete_target /> }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <Show when=move || state.caches.loaded.get() && rows.with(Vec::is_empty)>
                <p class="empty">
                    {move || {
                        if filtered() {
                            "No image cache matches the filters. Change or clear them."
                        } else {
                            "No image caches in this region yet. Create one to get started."
                        }
                    }}
                </p>
            </Show>
            <Show when=move || !rows.with(Vec::is_empty) && visible.with(Vec::is_empty)>
                <p class="empty">
                    "No loaded cache matches the search or the status filter."
                </p>
            </Show>
            <DeleteDialog target=delete_target on_deleted=move |_: String| () />
        </section>
    }
}

/// Renders a column header whose button (`id`) sorts the table by its column. A second click
/// reverses the order.
#[component]
fn SortHeader(
    id: &'static str,
    label: &'static str,
    column: SortColumn,
    sort: RwSignal<(SortColumn, bool)>,
) -> impl IntoView {
    let aria_sort = move || match sort.get() {
        (current, true) if current == column => "ascending",
        (current, false) if current == column => "descending",
        _ => "none",
    };
    let toggle = move |_| {
        sort.update(|(current, ascending)| {
            if *current == column {
                *ascending = !*ascending;
            } else {
                *current = column;
                *ascending = true;
            }
        })
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button id=id type="button" class="sort-button" on:click=toggle>{label}</button>
        </th>
    }
}

/// Renders one row of the table.
#[component]
fn CacheRow(cache: ImageCache, delete_target: RwSignal<Option<DeleteTarget>>) -> impl IntoView {
    let href = format!("/caches/{}", cache.image_cache_id);
    let target = DeleteTarget {
        image_cache_id: cache.image_cache_id.clone(),
        image_cache_name: cache.image_cache_name.clone(),
    };
    let name = if cache.image_cache_name.is_empty() {
        "(no name)".to_string()
    } else {
        cache.image_cache_name.clone()
    };
    let image_set = image_set(&cache.images);
    let images = image_set.join("\n");
    let image_count = match image_set.len() {
        1 => image_set[0].clone(),
        n => format!("{n} images"),
    };
    view! {
        <tr class="cache-row" data-cache-id=cache.image_cache_id.clone()>
            <td>
                <a class="cache-link" href=href>{name}</a>
            </td>
            <td class="mono">{cache.image_cache_id.clone()}</td>
            <td class="status">
                <StatusBadge status=cache.status.clone() />
            </td>
            <td>
                <Progress progress=cache.progress.clone() />
            </td>
            <td class="number">{size_label(&cache)}</td>
            <td class="images" title=images>{image_count}</td>
            <td class="time">{time_label(&cache.creation_time)}</td>
            <td>
                <button
                    type="button"
                    class="row-delete danger-outline"
                    aria-label=format!("Delete {}", cache.image_cache_id)
                    on:click=move |_| delete_target.set(Some(target.clone()))
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}
