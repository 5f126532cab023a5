//! ECI image-cache console: a Leptos single-page app that signs Alibaba Cloud RPC requests
//! in the browser and sends them through a CORS proxy.
//!
//! The modules outside `app` and `client` are plain Rust, tested with `cargo test` on the
//! host. The UI and the HTTP transport exist only in the `wasm32` build.

pub use eci_core as core;

pub mod caches;
pub mod changes;
pub mod form;
pub mod nonce;
pub mod settings;

#[cfg(target_arch = "wasm32")]
pub mod client;

#[cfg(target_arch = "wasm32")]
mod app;

#[cfg(target_arch = "wasm32")]
pub use app::{provide_app_state, start, use_poller, App, CreateForm, Poller, SettingsPanel};

#[cfg(target_arch = "wasm32")]
pub use app::{ExportPanel, StatusBadge, UpdateButton, UpdateExplanation};
