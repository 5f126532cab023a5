//! The browser facilities a signed request needs: the clock and random numbers.

use wasm_bindgen::JsCast;

use crate::nonce::format_uuid_v4;

/// Returns the current time in milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Returns a fresh version 4 UUID from the browser's cryptographic random source.
///
/// `crypto.randomUUID()` exists only in secure contexts (HTTPS or localhost). A console
/// served over plain HTTP from another host therefore falls back to
/// `crypto.getRandomValues()`, which every context has.
pub fn random_uuid() -> String {
    let crypto = web_sys::window().and_then(|window| window.crypto().ok());
    let Some(crypto) = crypto else {
        panic!("this browser has no Web Crypto API, which signing requests needs");
    };
    let has_random_uuid =
        js_sys::Reflect::get(&crypto, &"randomUUID".into()).is_ok_and(|value| value.is_function());
    if has_random_uuid {
        return crypto.random_uuid();
    }
    let mut bytes = [0u8; 16];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .unwrap_or_else(|_| panic!("crypto.getRandomValues() failed"));
    format_uuid_v4(bytes)
}

/// Returns `Window.localStorage`, when the browser allows it (private modes may not).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Returns the text of a caught JavaScript exception, such as `TypeError: Failed to fetch`.
pub fn exception_text(value: &wasm_bindgen::JsValue) -> String {
    match value.dyn_ref::<js_sys::Error>() {
        Some(error) => format!("{}: {}", error.name(), error.message()),
        None => value
            .as_string()
            .unwrap_or_else(|| "unknown JavaScript exception".into()),
    }
}
