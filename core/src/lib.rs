//! Pure logic of the ECI image-cache console, shared by the browser app, the emulator and
//! the tests. It uses no OS or browser API, so it builds for `wasm32-unknown-unknown` and
//! for the host alike.

pub mod api;
pub mod clock;
pub mod credentials;
pub mod curl;
pub mod diagnose;
pub mod export;
pub mod image_ref;
pub mod list;
pub mod params;
pub mod poll;
pub mod redact;
pub mod request;
pub mod retry;
pub mod schema;
pub mod signer;
