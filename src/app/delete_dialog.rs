//! Confirmation before deleting a cache, and the delete itself.

use eci_core::api::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::error_banner::ErrorBanner;
use super::state::use_app_state;
use crate::caches;

/// The cache a delete confirmation is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteTarget {
    pub image_cache_id: String,
    pub image_cache_name: String,
}

/// Shows a modal confirmation while `target` is set. Confirming deletes the cache,
/// removes its row from the shared list, clears `target` and calls `on_deleted`.
#[component]
pub fn DeleteDialog(
    target: RwSignal<Option<DeleteTarget>>,
    #[prop(into)] on_deleted: Callback<String>,
) -> impl IntoView {
    let state = use_app_state();
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let deleting = RwSignal::new(false);

    let close = move || {
        target.set(None);
        error.set(None);
        notice.set(None);
    };
    let confirm = move |_| {
        let Some(DeleteTarget {
            image_cache_id: id, ..
        }) = target.get_untracked()
        else {
            return;
        };
        error.set(None);
        let client = match state.client() {
            Ok(client) => client,
            Err(problem) => return notice.set(Some(problem)),
        };
        deleting.set(true);
        spawn_local(async move {
            let result = client.delete(&id).await;
            deleting.set(false);
            match result {
                Ok(_) => {
                    state.caches.rows.update(|rows| caches::remove(rows, &id));
                    close();
                    on_deleted.run(id);
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };

    move || {
        let DeleteTarget {
            image_cache_id,
            image_cache_name,
        } = target.get()?;
        let shown_name = if image_cache_name.is_empty() {
            image_cache_id.clone()
        } else {
            format!("{image_cache_name} ({image_cache_id})")
        };
        Some(view! {
            <div class="dialog-backdrop">
                <div
                    class="dialog"
                    role="alertdialog"
                    aria-modal="true"
                    aria-labelledby="delete-title"
                    aria-describedby="delete-warning"
                >
                    <h2 id="delete-title">"Delete image cache " {shown_name} "?"</h2>
                    <p id="delete-warning">
                        "A deleted image cache cannot be restored. Never delete a cache's \
                         snapshot by hand: ECI manages it, and a cache whose snapshot is gone \
                         no longer works."
                    </p>
                    {move || notice.get().map(|text| view! { <p class="notice">{text}</p> })}
                    <ErrorBanner error=error />
                    <div class="dialog-buttons">
                        <button
                            id="confirm-delete"
                            type="button"
                            class="danger"
                            disabled=move || deleting.get()
                            on:click=confirm
                        >
                            {move || {
                                if deleting.get() { "Deleting…" } else { "Delete permanently" }
                            }}
                        </button>
                        <button
                            id="cancel-delete"
                            type="button"
                            disabled=move || deleting.get()
                            on:click=move |_| close()
                        >
                            "Cancel"
                        </button>
                    </div>
                </div>
            </div>
        })
    }
}
