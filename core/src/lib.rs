//! Pure logic of the ECI image-cache console, shared by the browser app, the emulator and
//! the tests. It uses no OS or browser API, so it builds for `wasm32-unknown-unknown` and
//! for the host alike.

pub mod params;
pub mod request;
pub mod signer;
pub mod api;
pub mod schema;
