//! The console's side of a `SignatureDoesNotMatch`: the string to sign of the rejected
//! request, kept so the error banner can compare it with the one the service quotes.

use std::cell::RefCell;

use eci_core::api::{ApiError, ErrorKind};
use eci_core::diagnose::diagnose_signature;

thread_local! {
    /// Request id and local string to sign of the latest signature mismatch. Only the
    /// latest is kept, because the banner shows only the latest error of a page.
    static LAST_MISMATCH: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Keeps `string_to_sign` when `error` is a signature mismatch.
pub fn remember(error: &ApiError, string_to_sign: &str) {
    if error.kind() == ErrorKind::SignatureMismatch {
        let entry = (error.request_id.clone(), string_to_sign.to_string());
        LAST_MISMATCH.with(|last| *last.borrow_mut() = Some(entry));
    }
}

/// Returns what a signature mismatch comes from (a wrong secret, or a request changed on
/// the way), when `error` is the latest mismatch. The text may quote request parameters,
/// so redact it before showing it.
pub fn signature_diagnosis(error: &ApiError) -> Option<String> {
    if error.kind() != ErrorKind::SignatureMismatch {
        return None;
    }
    LAST_MISMATCH.with(|last| {
        let last = last.borrow();
        let (request_id, string_to_sign) = last.as_ref()?;
        let same_request = *request_id == error.request_id;
        same_request.then(|| diagnose_signature(string_to_sign, &error.message).explain())
    })
}
