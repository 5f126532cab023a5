//! Authentication of an RPC request: the common parameters, the timestamp, the AccessKey,
//! the STS security token, the signature and the nonce, checked in that order.

use axum::http::StatusCode;
use eci_core::request::parse_timestamp;
use eci_core::signer::{canonical_query, signature, string_to_sign};

use crate::errors::ApiFailure;
use crate::request::RpcParams;
use crate::state::{Emulator, STS_ACCESS_KEY_ID};

/// How far a request's `Timestamp` may be from the emulator's clock, and how long a
/// `SignatureNonce` is remembered.
pub const REPLAY_WINDOW_MS: i64 = 15 * 60 * 1000;

/// Common parameters every request must carry, in the order they are checked.
const REQUIRED_COMMON: [&str; 8] = [
    "Action",
    "Version",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
];

/// Checks that the request is complete, fresh, signed with a known AccessKey and not a
/// replay. On success the nonce is remembered.
pub fn authenticate(
    params: &RpcParams,
    emulator: &Emulator,
    now_ms: i64,
) -> Result<(), ApiFailure> {
    check_common_params(params)?;
    check_timestamp(params, now_ms)?;
    let access_key_id = params.get("AccessKeyId").unwrap_or_default();
    let secret = secret_for(emulator, access_key_id)?;
    check_security_token(params, emulator, access_key_id)?;
    check_signature(params, &secret)?;
    remember_nonce(params, emulator, access_key_id, now_ms)
}

fn check_common_params(params: &RpcParams) -> Result<(), ApiFailure> {
    for name in REQUIRED_COMMON {
        if params.non_empty(name).is_none() {
            return Err(ApiFailure::missing_parameter(name));
        }
    }
    let method = params.get("SignatureMethod").unwrap_or_default();
    if method != "HMAC-SHA1" {
        return Err(ApiFailure::invalid_parameter(
            "SignatureMethod",
            format!("\"{method}\" is not supported; use HMAC-SHA1."),
        ));
    }
    let version = params.get("SignatureVersion").unwrap_or_default();
    if version != "1.0" {
        return Err(ApiFailure::invalid_parameter(
            "SignatureVersion",
            format!("\"{version}\" is not supported; use 1.0."),
        ));
    }
    // NOTE: the real service returns XML for `Format=XML`. The emulator writes only JSON,
    // so it rejects XML instead of returning the wrong format.
    if let Some(format) = params.non_empty("Format") {
        if !format.eq_ignore_ascii_case("JSON") {
            return Err(ApiFailure::invalid_parameter(
                "Format",
                format!("\"{format}\" is not supported by the emulator; use JSON."),
            ));
        }
    }
    Ok(())
}

fn check_timestamp(params: &RpcParams, now_ms: i64) -> Result<(), ApiFailure> {
    let value = params.get("Timestamp").unwrap_or_default();
    let Some(seconds) = parse_timestamp(value).filter(|_| has_timestamp_shape(value)) else {
        return Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        ));
    };
    if (seconds * 1000 - now_ms).abs() > REPLAY_WINDOW_MS {
        return Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        ));
    }
    Ok(())
}

/// Returns whether `value` has the exact shape `YYYY-MM-DDThh:mm:ssZ`. The RFC 3339 parser behind
/// `parse_timestamp` also accepts a space or a lowercase `t` between date and time.
fn has_timestamp_shape(value: &str) -> bool {
    const SHAPE: &[u8; 20] = b"dddd-dd-ddTdd:dd:ddZ";
    value.len() == SHAPE.len()
        && value
            .bytes()
            .zip(SHAPE)
            .all(|(byte, &expected)| match expected {
                b'd' => byte.is_ascii_digit(),
                _ => byte == expected,
            })
}

/// Returns the secret of a known AccessKey ID.
// NOTE: gateway error tables disagree on the status of `InvalidAccessKeyId.NotFound`
// (400 in one, 404 in two); the emulator uses 404.
fn secret_for(emulator: &Emulator, access_key_id: &str) -> Result<String, ApiFailure> {
    let config = emulator.config();
    if access_key_id == config.access_key_id {
        return Ok(config.access_key_secret.clone());
    }
    if access_key_id == STS_ACCESS_KEY_ID && config.security_token.is_some() {
        return Ok(config.sts_access_key_secret.clone());
    }
    Err(ApiFailure::new(
        StatusCode::NOT_FOUND,
        "InvalidAccessKeyId.NotFound",
        "Specified access key is not found.",
    ))
}

/// Checks `SecurityToken`: the STS pair needs the configured token, and a permanent pair
/// must not send one.
// NOTE: the HTTP status of the security-token errors is undocumented; 400 is assumed.
fn check_security_token(
    params: &RpcParams,
    emulator: &Emulator,
    access_key_id: &str,
) -> Result<(), ApiFailure> {
    let sent = params.non_empty("SecurityToken");
    let is_sts = access_key_id == STS_ACCESS_KEY_ID;
    let mismatch = || {
        ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "Specified SecurityToken mismatch with the AccessKey.",
        )
    };
    match (is_sts, sent) {
        (false, None) => Ok(()),
        (false, Some(_)) => Err(mismatch()),
        (true, None) => Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "MissingSecurityToken",
            "SecurityToken is mandatory for this action.",
        )),
        (true, Some(token)) => {
            if Some(token) != emulator.config().security_token.as_deref() {
                return Err(mismatch());
            }
            if emulator.security_token_expired() {
                return Err(ApiFailure::new(
                    StatusCode::BAD_REQUEST,
                    "InvalidSecurityToken.Expired",
                    "Specified SecurityToken is expired.",
                ));
            }
            Ok(())
        }
    }
}

/// Recomputes the signature over every parameter but `Signature`, with the HTTP method the
/// request actually used.
fn check_signature(params: &RpcParams, secret: &str) -> Result<(), ApiFailure> {
    let signed: Vec<&(String, String)> = params
        .pairs
        .iter()
        .filter(|(key, _)| key != "Signature")
        .collect();
    let signed_pairs: Vec<(&str, &str)> = signed
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    let server_string_to_sign = string_to_sign(params.method, &canonical_query(&signed_pairs));
    let expected = signature(secret, &server_string_to_sign);
    let sent = params.get("Signature").unwrap_or_default();
    if !constant_time_eq(expected.as_bytes(), sent.as_bytes()) {
        return Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to \
                 sign is:{server_string_to_sign}"
            ),
        ));
    }
    Ok(())
}

fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// Remembers the nonce for the replay window, rejecting one already seen for this key.
fn remember_nonce(
    params: &RpcParams,
    emulator: &Emulator,
    access_key_id: &str,
    now_ms: i64,
) -> Result<(), ApiFailure> {
    let nonce = params.get("SignatureNonce").unwrap_or_default();
    let mut nonces = emulator.nonces();
    nonces.retain(|_, forget_at_ms| *forget_at_ms > now_ms);
    let key = (access_key_id.to_string(), nonce.to_string());
    if nonces.contains_key(&key) {
        return Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        ));
    }
    nonces.insert(key, now_ms + REPLAY_WINDOW_MS);
    Ok(())
}
