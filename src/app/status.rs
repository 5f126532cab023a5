//! Status badges and progress bars of image caches.

use eci_core::api::CacheStatus;
use leptos::prelude::*;

use crate::caches::progress_percent;

/// The status text in a colored badge. A status this console does not know is shown as
/// the service sent it, in a neutral badge.
#[component]
pub fn StatusBadge(status: String, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let class = format!("badge {}", badge_class(&CacheStatus::parse(&status)));
    view! { <span id=id class=class>{status}</span> }
}

fn badge_class(status: &CacheStatus) -> &'static str {
    match status {
        CacheStatus::Preparing | CacheStatus::Creating | CacheStatus::Updating => "badge-pending",
        CacheStatus::Ready => "badge-ready",
        CacheStatus::Failed | CacheStatus::UpdateFailed => "badge-failed",
        CacheStatus::Other(_) => "badge-other",
    }
}

/// The service's progress text, with a bar when the text is a percentage.
#[component]
pub fn Progress(progress: String, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let percent = progress_percent(&progress);
    view! {
        <span class="progress">
            {percent.map(|value| {
                view! { <progress max="100" value=value.to_string() aria-hidden="true"></progress> }
            })}
            <span id=id class="progress-text">{progress}</span>
        </span>
    }
}
