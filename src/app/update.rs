//! The update form (`/caches/:id/update`): the fields UpdateImageCache accepts, filled in
//! with what DescribeImageCaches returns, and the list of changes before sending.

use eci_core::api::{ApiError, ImageCache};
use eci_core::export::described_values;
use eci_core::schema::{self, Operation, FIELDS};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::detail::{use_image_cache_id, UpdateExplanation};
use super::error_banner::ErrorBanner;
use super::fields::{groups, FieldGroup, FormState};
use super::poll::{use_cache_poll, PollState};
use super::state::use_app_state;
use crate::caches::update_block_reason;
use crate::changes::{merge_sent_values, not_returned_note, plan_update, UpdatePlan};
use crate::client::now_ms;
use crate::form::registry_passwords;

/// Renders the `/caches/:id/update` route. It describes the cache, and once the cache is
/// Ready or UpdateFailed it shows the form, filled in once so that later polls do not
/// overwrite what the user types. After a successful update it opens the detail page, which
/// follows the cache through Updating.
#[component]
pub fn UpdatePage() -> impl IntoView {
    let image_cache_id = use_image_cache_id();
    let poll = use_cache_poll(image_cache_id);
    let (cache, poll_state, error, notice) = (poll.cache, poll.state, poll.error, poll.notice);
    let navigate = use_navigate();
    let on_sent = Callback::new(move |id: String| {
        navigate(&format!("/caches/{id}"), NavigateOptions::default());
    });

    // The cache as it was when the form was filled in; the changes are listed against it.
    let base = RwSignal::new(None::<ImageCache>);
    Effect::new(move |_| {
        if base.with_untracked(Option::is_some) {
            return;
        }
        let updatable = cache.with(|cache| {
            cache
                .as_ref()
                .filter(|cache| update_block_reason(&cache.status).is_none())
                .cloned()
        });
        if let Some(cache) = updatable {
            base.set(Some(cache));
        }
    });
    let status = Signal::derive(move || {
        cache.with(|cache| cache.as_ref().map(|c| c.status.clone()).unwrap_or_default())
    });
    let not_found = move || poll_state.get() == PollState::NotFound;

    view! {
        <section class="page">
            <div class="toolbar">
                <h1>"Update image cache"</h1>
                <span id="update-id" class="mono">{image_cache_id}</span>
                <div class="toolbar-end">
                    <a id="update-back" href=move || format!("/caches/{}", image_cache_id.get())>
                        "Back to the cache"
                    </a>
                </div>
            </div>
            {move || notice.get().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <ErrorBanner error=error />
            <Show when=not_found>
                <p class="notice" role="status">
                    {move || format!(
                        "No image cache with id {} exists in this region; check the id.",
                        image_cache_id.get()
                    )}
                </p>
            </Show>
            <Show when=move || base.with(Option::is_none) && cache.with(Option::is_some)>
                <UpdateExplanation status=status />
            </Show>
            {move || {
                base.get().map(|cache| view! { <UpdateForm cache=cache on_sent=on_sent /> })
            }}
        </section>
    }
}

/// Renders the update form for `cache`, the list of changes, and the submit button, which
/// stays disabled while nothing changes or a field has an error.
#[component]
fn UpdateForm(cache: ImageCache, #[prop(into)] on_sent: Callback<String>) -> impl IntoView {
    let state = use_app_state();
    let form = FormState::for_operation(Operation::Update, described_values(&cache));
    let notes: Vec<(&'static str, String)> = FIELDS
        .iter()
        .filter(|field| field.applies_to(Operation::Update))
        .filter_map(|field| Some((field.key, not_returned_note(field, &cache)?)))
        .collect();
    let image_cache_id = cache.image_cache_id.clone();
    let plan = Memo::new(move |_| form.values.with(|values| plan_update(&cache, values)));
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let submittable = move || form.issues.with(|issues| schema::is_submittable(issues));
    let has_changes = move || plan.with(|plan| !plan.changes.is_empty());
    let registry_passwords = Signal::derive(move || form.values.with(registry_passwords));

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        form.submitted.set(true);
        error.set(None);
        notice.set(None);
        let values = form.values.get_untracked();
        if !schema::is_submittable(&schema::validate_for(Operation::Update, &values)) {
            return;
        }
        if plan.with_untracked(|plan| plan.changes.is_empty()) {
            notice.set(Some(NOTHING_TO_SEND.to_string()));
            return;
        }
        let client = match state.client() {
            Ok(client) => client,
            Err(problem) => return notice.set(Some(problem)),
        };
        let id = image_cache_id.clone();
        sending.set(true);
        spawn_local(async move {
            let result = client.update(&id, &values).await;
            sending.set(false);
            match result {
                Ok(_) => {
                    state.sent.updated_at_ms.update(|sent| {
                        sent.insert(id.clone(), now_ms());
                    });
                    state.sent.values.update(|sent| {
                        merge_sent_values(sent.entry(id.clone()).or_default(), &values);
                    });
                    on_sent.run(id);
                }
                Err(failure) => {
                    form.server_issue
                        .set(schema::issue_from_api_error(&failure));
                    error.set(Some(failure));
                }
            }
        });
    };

    view! {
        <p class="intro">
            "UpdateImageCache changes only the fields that are filled in; a blank field keeps \
             its current value. The name is always sent. Updating rebuilds the cache, which \
             is billed like creating it."
        </p>
        <form class="create-form update-form" novalidate on:submit=submit>
            {groups()
                .into_iter()
                .map(|group| view! { <FieldGroup group=group form=form notes=notes.clone() /> })
                .collect_view()}
            <ChangeList plan=plan />
            {move || notice.get().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <ErrorBanner error=error extra_secrets=registry_passwords />
            <div class="form-buttons">
                <button
                    id="update-submit"
                    type="submit"
                    class="primary"
                    disabled=move || sending.get() || !submittable() || !has_changes()
                >
                    "Send update"
                </button>
                <span class="status-line" role="status">
                    {move || form_status(sending.get(), submittable(), has_changes())}
                </span>
            </div>
        </form>
    }
}

const NOTHING_TO_SEND: &str =
    "No field differs from the cache, so there is nothing to send. Change a field first.";

fn form_status(sending: bool, submittable: bool, has_changes: bool) -> &'static str {
    if sending {
        "Sending the request…"
    } else if !submittable {
        "Correct the fields marked in red, then submit again."
    } else if !has_changes {
        NOTHING_TO_SEND
    } else {
        ""
    }
}

/// Renders the changes the update would send (`#update-diff`), one `li.change` per field
/// as "label: old → new", and the fields left blank that keep their current value.
#[component]
fn ChangeList(plan: Memo<UpdatePlan>) -> impl IntoView {
    let changes = move || {
        plan.with(|plan| plan.changes.clone())
            .into_iter()
            .map(|change| {
                view! {
                    <li class="change" data-field=change.key>
                        <span class="change-label">{change.label}</span>
                        ": "
                        <span class="change-old">{change.old}</span>
                        " → "
                        <span class="change-new">{change.new}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let kept = move || {
        plan.with(|plan| plan.kept.clone())
            .into_iter()
            .map(|kept| {
                view! {
                    <li class="kept" data-field=kept.key>
                        {format!(
                            "{} is blank, so the update keeps the current value ({}).",
                            kept.label, kept.current
                        )}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section id="update-diff" class="update-diff" aria-live="polite">
            <h2>"Changes to send"</h2>
            <Show
                when=move || plan.with(|plan| !plan.changes.is_empty())
                fallback=|| view! { <p class="empty">"No field differs from the cache yet."</p> }
            >
                <ul class="changes">{changes}</ul>
            </Show>
            <ul class="kept-fields">{kept}</ul>
        </section>
    }
}
