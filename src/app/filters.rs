//! The filters above the list of caches: cache ids, name and image, which DescribeImageCaches
//! applies on the server, and the status, which the browser applies to the loaded rows.

use eci_core::list::{ListFilter, DOCUMENTED_STATUSES};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::state::use_app_state;
use super::status::StatusBadge;
use eci_core::list::status_counts;

/// Renders the filter form. Apply (`#apply-filters`) stores the typed server-side filters
/// and calls `on_apply`, which reloads the list; the status select (`#filter-status`) takes
/// effect at once. The inputs also listen to `change`, which autofill and a cleared field
/// fire without an `input` event.
#[component]
pub fn ListFilters(#[prop(into)] on_apply: Callback<()>) -> impl IntoView {
    let caches = use_app_state().caches;
    let applied = caches.filter.get_untracked();
    let ids = RwSignal::new(applied.ids);
    let name = RwSignal::new(applied.name);
    let image = RwSignal::new(applied.image);

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        caches.filter.set(ListFilter {
            ids: ids.get_untracked(),
            name: name.get_untracked(),
            image: image.get_untracked(),
        });
        on_apply.run(());
    };
    let clear = move |_| {
        ids.set(String::new());
        name.set(String::new());
        image.set(String::new());
        caches.status.set(String::new());
        if !caches.filter.with_untracked(ListFilter::is_empty) {
            caches.filter.set(ListFilter::default());
            on_apply.run(());
        }
    };
    // The documented statuses, then any other status a loaded cache has.
    let status_options = move || {
        let mut options: Vec<String> = DOCUMENTED_STATUSES.iter().map(|s| s.to_string()).collect();
        caches.rows.with(|rows| {
            for row in rows {
                if !row.status.is_empty() && !options.contains(&row.status) {
                    options.push(row.status.clone());
                }
            }
        });
        options
    };

    view! {
        <form class="filters" on:submit=submit>
            <FilterInput id="filter-id" label="Cache ids" placeholder="imc-…, imc-…" value=ids />
            <FilterInput id="filter-name" label="Name" placeholder="" value=name />
            <FilterInput
                id="filter-image"
                label="Image"
                placeholder="registry.example.com/ns/app:1.0"
                value=image
            />
            <button id="apply-filters" type="submit">"Apply filters"</button>
            <span class="filter">
                <label for="filter-status">"Status"</label>
                <select
                    id="filter-status"
                    prop:value=move || caches.status.get()
                    on:change=move |event| caches.status.set(event_target_value(&event))
                >
                    <option value="">"All statuses"</option>
                    {move || {
                        status_options()
                            .into_iter()
                            .map(|status| {
                                view! { <option value=status.clone()>{status.clone()}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </span>
            <button id="clear-filters" type="button" class="link-button" on:click=clear>
                "Clear filters"
            </button>
            <p class="hint filter-hint">
                "Ids, name and image are matched exactly by the service; separate several ids \
                 with commas."
            </p>
        </form>
    }
}

/// Renders one labelled text filter bound to `value`. It also listens to `change`, which
/// autofill and a cleared field fire without an `input` event.
#[component]
fn FilterInput(
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <span class="filter">
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                on:change=move |event| value.set(event_target_value(&event))
            />
        </span>
    }
}

/// Renders how many loaded caches have each status (`#status-counts`), one `li` per status
/// with its badge and count. Clicking one shows only the caches with that status.
#[component]
pub fn StatusCounts() -> impl IntoView {
    let caches = use_app_state().caches;
    let counts = Memo::new(move |_| caches.rows.with(|rows| status_counts(rows)));
    view! {
        <ul id="status-counts" class="status-counts" aria-label="Caches per status">
            {move || {
                counts
                    .get()
                    .into_iter()
                    .map(|(status, count)| {
                        let shown = if status.is_empty() {
                            "(no status)".to_string()
                        } else {
                            status.clone()
                        };
                        let title = format!("Show only the caches that are {shown}");
                        let filter = status.clone();
                        view! {
                            <li data-status=status.clone()>
                                <button
                                    type="button"
                                    class="link-button"
                                    title=title
                                    on:click=move |_| caches.status.set(filter.clone())
                                >
                                    <StatusBadge status=shown />
                                    <span class="status-count">{count}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
