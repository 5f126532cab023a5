//! Pure logic of the ECI image-cache console, shared by the browser app, the emulator and
//! the tests. It uses no OS or browser API, so it builds for `wasm32-unknown-unknown` and
//! for the host alike.

pub mod api;
pub mod clock;
pub mod credentials;
pub mod diagnose;
pub mod image_ref;
pub mod params;
pub mod redact;
pub mod request;
pub mod retry;
pub mod schema;
pub mod signer;
pub mod export;
pub mod list;
pub mod poll;
