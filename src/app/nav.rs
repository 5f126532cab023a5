//! The top bar: the console's pages and the box that opens a cache by id.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::caches::import_id_problem;

#[component]
pub fn NavBar() -> impl IntoView {
    let pathname = use_location().pathname;
    let current = move |path: &'static str| move || (pathname.get() == path).then_some("page");
    view! {
        <header class="top-bar">
            <span class="brand">"ECI image caches"</span>
            <nav aria-label="Pages">
                <a id="nav-list" href="/" aria-current=current("/")>"Caches"</a>
                <a id="nav-create" href="/create" aria-current=current("/create")>"Create"</a>
            </nav>
            <ImportBox />
        </header>
    }
}

/// Opens the detail page of a cache by its id. The detail page describes the cache and
/// adds it to the list, so a cache created elsewhere can be followed here.
#[component]
fn ImportBox() -> impl IntoView {
    let navigate = use_navigate();
    let id = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let typed = id.get_untracked().trim().to_string();
        problem.set(import_id_problem(&typed));
        if problem.get_untracked().is_none() {
            id.set(String::new());
            navigate(&format!("/caches/{typed}"), NavigateOptions::default());
        }
    };
    view! {
        <form class="import" on:submit=submit>
            <label for="import-id">"Import by id"</label>
            <input
                id="import-id"
                type="text"
                placeholder="imc-…"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="import-error"
                prop:value=move || id.get()
                on:input=move |event| id.set(event_target_value(&event))
            />
            <button id="import-submit" type="submit">"Open"</button>
            {move || problem.get().map(|text| view! {
                <p id="import-error" class="field-error" role="alert">{text}</p>
            })}
        </form>
    }
}
