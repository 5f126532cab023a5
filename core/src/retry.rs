//! When and how long to wait before sending a failed request again. Every attempt is
//! signed anew by the caller, with a fresh nonce and timestamp.

use crate::api::{ApiError, ErrorKind};

/// The client's next step after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    /// Sign the request anew and send it after this many milliseconds.
    RetryAfter { delay_ms: u64 },
    /// Sign the request anew at once, with the clock offset that the rejection's `Date`
    /// header showed. Only the first `InvalidTimeStamp.Expired` of a call gets this.
    ResignNow,
    /// Report the error.
    GiveUp,
}

/// Exponential backoff with full jitter, bounded in attempts and delay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    pub base_delay_ms: u64,
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay_ms: 500,
            max_delay_ms: 8_000,
        }
    }
}

impl RetryPolicy {
    /// Returns whether to try again after `attempt` (1-based) failed with `error`.
    pub fn should_retry(&self, attempt: u32, error: &ApiError) -> bool {
        attempt < self.max_attempts && error.is_retryable()
    }

    /// Decides what follows attempt `attempt` (1-based, every attempt sent counted) that
    /// failed with `error`. `resigned_for_skew` is whether this call already re-signed
    /// once for clock skew. `jitter` is a random number in `[0, 1)`, and `retry_after_ms` is
    /// the service's retry hint, if the response carried one.
    pub fn decide(
        &self,
        attempt: u32,
        error: &ApiError,
        resigned_for_skew: bool,
        jitter: f64,
        retry_after_ms: Option<u64>,
    ) -> RetryDecision {
        if error.kind() == ErrorKind::ClockSkew {
            // A second rejection means the offset did not help, so the user has to act.
            return match resigned_for_skew {
                false => RetryDecision::ResignNow,
                true => RetryDecision::GiveUp,
            };
        }
        if !self.should_retry(attempt, error) {
            return RetryDecision::GiveUp;
        }
        RetryDecision::RetryAfter {
            delay_ms: self.delay_ms(attempt, jitter, retry_after_ms),
        }
    }

    /// Delay before the attempt after `attempt`; `jitter` is a random number in `[0, 1)`.
    /// A retry hint from the service ([`parse_retry_after_ms`]) sets a lower bound, itself
    /// capped at [`MAX_HINTED_DELAY_MS`].
    pub fn delay_ms(&self, attempt: u32, jitter: f64, retry_after_ms: Option<u64>) -> u64 {
        let exponent = attempt.saturating_sub(1).min(16);
        let ceiling = self
            .base_delay_ms
            .saturating_mul(1 << exponent)
            .min(self.max_delay_ms);
        let jittered = (ceiling as f64 * jitter.clamp(0.0, 1.0)) as u64;
        let hinted = retry_after_ms.unwrap_or(0).min(MAX_HINTED_DELAY_MS);
        jittered.max(hinted)
    }
}

/// Maximum wait a retry hint can impose before the next attempt.
pub const MAX_HINTED_DELAY_MS: u64 = 30_000;

/// Reads the `x-acs-retry-after` header into milliseconds.
// NOTE: the unit is not documented. Alibaba Cloud's SDK tests treat it as milliseconds,
// while `Retry-After` in HTTP is seconds, so values under 100 are read as seconds.
pub fn parse_retry_after_ms(header: &str) -> Option<u64> {
    let value: u64 = header.trim().parse().ok().filter(|value| *value > 0)?;
    Some(if value < 100 { value * 1000 } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: u16, code: &str) -> ApiError {
        ApiError {
            http_status: status,
            code: code.into(),
            ..ApiError::unreachable("")
        }
    }

    #[test]
    fn retries_transient_errors_only() {
        let policy = RetryPolicy::default();
        assert!(policy.should_retry(1, &error(503, "ServiceUnavailable")));
        assert!(policy.should_retry(1, &error(400, "Throttling.User")));
        assert!(policy.should_retry(1, &error(0, "")));
        assert!(!policy.should_retry(1, &error(400, "SignatureDoesNotMatch")));
        assert!(!policy.should_retry(4, &error(503, "ServiceUnavailable")));
    }

    #[test]
    fn decisions_for_each_kind_of_failure() {
        let policy = RetryPolicy::default();
        let cases = [
            (
                503,
                "ServiceUnavailable",
                RetryDecision::RetryAfter { delay_ms: 250 },
            ),
            (
                502,
                "ProxyUpstreamError",
                RetryDecision::RetryAfter { delay_ms: 250 },
            ),
            (
                504,
                "ProxyUpstreamError",
                RetryDecision::RetryAfter { delay_ms: 250 },
            ),
            (
                400,
                "Throttling.User",
                RetryDecision::RetryAfter { delay_ms: 250 },
            ),
            (500, "", RetryDecision::RetryAfter { delay_ms: 250 }),
            (0, "", RetryDecision::RetryAfter { delay_ms: 250 }),
            (400, "InvalidTimeStamp.Expired", RetryDecision::ResignNow),
            (400, "SignatureDoesNotMatch", RetryDecision::GiveUp),
            (400, "SignatureNonceUsed", RetryDecision::GiveUp),
            (400, "InvalidParameter", RetryDecision::GiveUp),
            (200, "", RetryDecision::GiveUp),
        ];
        for (status, code, expected) in cases {
            let decision = policy.decide(1, &error(status, code), false, 0.5, None);
            assert_eq!(decision, expected, "HTTP {status} {code:?}");
        }
    }

    #[test]
    fn timeout_is_not_retried() {
        let policy = RetryPolicy::default();
        let timed_out = ApiError::timed_out(30_000);
        assert_eq!(
            policy.decide(1, &timed_out, false, 0.5, None),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn skew_resigns_once() {
        let policy = RetryPolicy::default();
        let expired = error(400, "InvalidTimeStamp.Expired");
        assert_eq!(
            policy.decide(1, &expired, false, 0.5, None),
            RetryDecision::ResignNow
        );
        assert_eq!(
            policy.decide(2, &expired, true, 0.5, None),
            RetryDecision::GiveUp
        );
        assert_eq!(
            policy.decide(4, &expired, false, 0.5, None),
            RetryDecision::ResignNow
        );
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::default();
        let unavailable = error(503, "ServiceUnavailable");
        let decisions: Vec<_> = (1..=4)
            .map(|attempt| policy.decide(attempt, &unavailable, false, 0.999_999, None))
            .collect();
        assert_eq!(
            decisions,
            [
                RetryDecision::RetryAfter { delay_ms: 499 },
                RetryDecision::RetryAfter { delay_ms: 999 },
                RetryDecision::RetryAfter { delay_ms: 1_999 },
                RetryDecision::GiveUp,
            ]
        );
    }

    #[test]
    fn throttling_waits_for_the_hint() {
        let policy = RetryPolicy::default();
        let throttled = error(400, "Throttling.User");
        let hint = parse_retry_after_ms("1");
        assert_eq!(
            policy.decide(1, &throttled, false, 0.0, hint),
            RetryDecision::RetryAfter { delay_ms: 1_000 }
        );
    }

    #[test]
    fn delay_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_ms(1, 0.999_999, None), 499);
        assert_eq!(policy.delay_ms(2, 0.999_999, None), 999);
        assert_eq!(policy.delay_ms(10, 0.999_999, None), 7_999);
        assert_eq!(policy.delay_ms(3, 0.0, None), 0);
    }

    #[test]
    fn retry_after_is_a_lower_bound() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_ms(1, 0.0, Some(3_000)), 3_000);
        assert_eq!(
            policy.delay_ms(1, 0.0, Some(3_600_000)),
            MAX_HINTED_DELAY_MS
        );
    }

    #[test]
    fn retry_after_header_units() {
        assert_eq!(parse_retry_after_ms("1"), Some(1_000));
        assert_eq!(parse_retry_after_ms(" 2000 "), Some(2_000));
        assert_eq!(parse_retry_after_ms("0"), None);
        assert_eq!(parse_retry_after_ms("soon"), None);
    }
}
