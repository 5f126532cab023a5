//! ECI image-cache console: a Leptos single-page app that signs Alibaba Cloud RPC requests
//! in the browser and sends them through a CORS proxy.

pub use eci_core as core;
