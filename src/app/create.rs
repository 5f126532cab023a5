//! The create form (`/create`), rendered from the schema's field list.

use eci_core::api::ApiError;
use eci_core::schema;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::error_banner::ErrorBanner;
use super::fields::{groups, FieldGroup, FormState};
use super::state::use_app_state;
use crate::form::registry_passwords;

/// Renders the `/create` route: the form, then the new cache's detail page.
#[component]
pub fn CreatePage() -> impl IntoView {
    let navigate = use_navigate();
    let on_created =
        move |id: String| navigate(&format!("/caches/{id}"), NavigateOptions::default());
    view! { <CreateForm on_created=on_created /> }
}

/// Renders the create form. Each field is validated as the user types; submitting validates the
/// whole form, sends CreateImageCache and passes the new cache's id to `on_created`.
#[component]
pub fn CreateForm(#[prop(into)] on_created: Callback<String>) -> impl IntoView {
    let state = use_app_state();
    let form = FormState::new();
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let submittable = move || form.issues.with(|issues| schema::is_submittable(issues));
    let registry_passwords = Signal::derive(move || form.values.with(registry_passwords));

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        form.submitted.set(true);
        error.set(None);
        notice.set(None);
        let values = form.values.get_untracked();
        if !schema::is_submittable(&schema::validate(&values)) {
            return;
        }
        let client = match state.client() {
            Ok(client) => client,
            Err(problem) => return notice.set(Some(problem)),
        };
        sending.set(true);
        spawn_local(async move {
            let result = client.create(&values).await;
            sending.set(false);
            match result {
                Ok(created) if !created.image_cache_id.is_empty() => {
                    let id = created.image_cache_id;
                    state.sent.values.update(|sent| {
                        sent.insert(id.clone(), values);
                    });
                    on_created.run(id);
                }
                Ok(created) => notice.set(Some(format!(
                    "The service accepted the request (request id {}) but returned no cache id; \
                     refresh the list to find the new cache.",
                    created.request_id
                ))),
                Err(failure) => {
                    form.server_issue
                        .set(schema::issue_from_api_error(&failure));
                    error.set(Some(failure));
                }
            }
        });
    };

    view! {
        <section class="page">
            <h1>"Create image cache"</h1>
            <p class="intro">
                "ECI starts a temporary instance that pulls the images and stores them in a \
                 snapshot. Creating a cache is billed, and it takes a few minutes."
            </p>
            <form class="create-form" novalidate on:submit=submit>
                {groups()
                    .into_iter()
                    .map(|group| view! { <FieldGroup group=group form=form /> })
                    .collect_view()}
                {move || {
                    notice.get().map(|text| view! { <p class="notice" role="status">{text}</p> })
                }}
                <ErrorBanner error=error extra_secrets=registry_passwords />
                <div class="form-buttons">
                    <button
                        id="create-submit"
                        type="submit"
                        class="primary"
                        disabled=move || sending.get() || !submittable()
                    >
                        "Create image cache"
                    </button>
                    <span class="status-line" role="status">
                        {move || form_status(sending.get(), form.submitted.get(), submittable())}
                    </span>
                </div>
            </form>
        </section>
    }
}

fn form_status(sending: bool, submitted: bool, submittable: bool) -> &'static str {
    if sending {
        "Sending the request…"
    } else if submitted && !submittable {
        "Correct the fields marked in red, then submit again."
    } else {
        ""
    }
}
