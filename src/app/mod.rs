//! The user interface: routes, the page frame and the shared state.

mod create;
mod delete_dialog;
mod detail;
mod error_banner;
mod export_panel;
mod fields;
mod filters;
mod list;
mod nav;
mod poll;
mod request_log;
mod settings_panel;
mod state;
mod status;
mod update;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

pub use create::CreateForm;
pub use detail::{UpdateButton, UpdateExplanation};
pub use export_panel::ExportPanel;
pub use poll::{use_poller, Poller};
pub use settings_panel::SettingsPanel;
pub use status::StatusBadge;

use create::CreatePage;
use detail::DetailPage;
use list::ListPage;
use nav::NavBar;
use request_log::{ClockSkewNotice, RequestLog};
use state::{AppState, SettingsSignals};
use update::UpdatePage;

/// Mounts the console on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// Provides the shared state (settings from localStorage, an empty cache list) to the
/// components below the current owner. The App calls it; so do tests that mount one
/// component alone.
pub fn provide_app_state() {
    let settings = SettingsSignals::load();
    settings.persist();
    provide_context(AppState::new(settings));
}

/// The whole console. Routes: `/` the list, `/caches/:id` one cache, `/caches/:id/update`
/// its update form, `/create` the create form.
/// A static host must answer unknown paths with index.html, so that a reload of
/// `/caches/imc-…` still starts the app.
#[component]
pub fn App() -> impl IntoView {
    provide_app_state();
    view! {
        <Router>
            <NavBar />
            <SettingsPanel />
            <ClockSkewNotice />
            <main>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=ListPage />
                    <Route path=path!("/caches/:id") view=DetailPage />
                    <Route path=path!("/caches/:id/update") view=UpdatePage />
                    <Route path=path!("/create") view=CreatePage />
                </Routes>
            </main>
            <RequestLog />
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>
                "This console has no page at this address. "
                <a href="/">"Open the list of image caches."</a>
            </p>
        </section>
    }
}
