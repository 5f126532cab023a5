//! Clock skew between the browser and the service, read from the response `Date` header.
//!
//! The service rejects a `Timestamp` more than 15 minutes away from its own clock
//! (`InvalidTimeStamp.Expired`), so the console measures the offset on every response and
//! signs later requests with the corrected time.

use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

/// Offset beyond which the console warns the user that the computer's clock is off.
pub const NOTICEABLE_SKEW_SECS: i64 = 60;

/// Parses an HTTP `Date` header (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix seconds.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let value = value.trim();
    // RFC 2822 parsers take `+0000`; HTTP dates always end in the obsolete zone `GMT`.
    let normalized = match value.strip_suffix(" GMT") {
        Some(rest) => format!("{rest} +0000"),
        None => value.to_string(),
    };
    OffsetDateTime::parse(&normalized, &Rfc2822)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

/// Returns how many seconds the service's clock is ahead of the local one (negative when
/// behind), from a response `Date` header and the local times at which the request was sent
/// and its response arrived, in Unix milliseconds. The header has a one-second resolution,
/// so offsets within a second and a half of zero count as none.
pub fn skew_seconds(date_header: &str, sent_at_ms: f64, received_at_ms: f64) -> Option<i64> {
    let server_seconds = parse_http_date(date_header)? as f64;
    let local_midpoint = (sent_at_ms + received_at_ms) / 2000.0;
    let offset = server_seconds + 0.5 - local_midpoint;
    if offset.abs() < 1.5 {
        return Some(0);
    }
    Some(offset.round() as i64)
}

/// The offset between the local clock and the service's, as the latest response showed it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClockOffset {
    /// Seconds the service's clock is ahead of the local one (negative when behind).
    seconds: i64,
}

impl ClockOffset {
    pub fn seconds(&self) -> i64 {
        self.seconds
    }

    /// Takes the offset that a response's `Date` header shows, given the local times (Unix
    /// milliseconds) at which the request was sent and the response arrived. A header that
    /// cannot be read leaves the offset as it was. Returns whether the offset changed.
    pub fn observe(&mut self, date_header: &str, sent_at_ms: f64, received_at_ms: f64) -> bool {
        let Some(seconds) = skew_seconds(date_header, sent_at_ms, received_at_ms) else {
            return false;
        };
        let changed = seconds != self.seconds;
        self.seconds = seconds;
        changed
    }

    /// Returns the time on the service's clock, in Unix seconds, when the local clock
    /// reads `local_ms` (Unix milliseconds): the value to sign a request's `Timestamp` with.
    pub fn service_unix_seconds(&self, local_ms: f64) -> i64 {
        // `as` saturates out-of-range floats, and the addition must not overflow either.
        ((local_ms / 1000.0).floor() as i64).saturating_add(self.seconds)
    }

    /// Returns the sentence for the user when the offset is large enough to matter.
    pub fn notice(&self) -> Option<String> {
        describe_skew(self.seconds)
    }
}

/// Describes an offset for the user, or `None` when it is too small to matter.
pub fn describe_skew(offset_seconds: i64) -> Option<String> {
    if offset_seconds.abs() < NOTICEABLE_SKEW_SECS {
        return None;
    }
    let direction = if offset_seconds > 0 {
        "behind"
    } else {
        "ahead of"
    };
    Some(format!(
        "This computer's clock is {} {direction} the service's clock. The console signs \
         requests with the corrected time, but fix the system clock to be safe.",
        describe_duration(offset_seconds.unsigned_abs())
    ))
}

/// Formats a duration roughly: "about 17 minutes", "about 2 hours", "45 seconds".
fn describe_duration(seconds: u64) -> String {
    match seconds {
        0..=89 => format!("{seconds} seconds"),
        90..=5399 => format!("about {} minutes", (seconds + 30) / 60),
        _ => format!("about {} hours", (seconds + 1800) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_local_time_does_not_overflow() {
        let offset = ClockOffset::default();
        assert_eq!(offset.service_unix_seconds(f64::MAX), i64::MAX);
        assert_eq!(offset.service_unix_seconds(f64::NAN), 0);
    }

    #[test]
    fn parses_imf_fixdate() {
        assert_eq!(
            parse_http_date("Tue, 23 Feb 2016 12:46:24 GMT"),
            Some(1_456_231_584)
        );
        assert_eq!(parse_http_date("not a date"), None);
    }

    #[test]
    fn measures_skew_of_clock_behind() {
        let local_ms = 1_456_231_584_000.0 - 17.0 * 60_000.0;
        let skew = skew_seconds("Tue, 23 Feb 2016 12:46:24 GMT", local_ms, local_ms + 200.0);
        assert_eq!(skew, Some(17 * 60));
    }

    #[test]
    fn small_offset_is_none() {
        let local_ms = 1_456_231_584_300.0;
        assert_eq!(
            skew_seconds("Tue, 23 Feb 2016 12:46:24 GMT", local_ms, local_ms + 100.0),
            Some(0)
        );
    }

    #[test]
    fn offset_corrects_the_signed_timestamp() {
        use crate::params::Params;
        use crate::request::{sign_request, Credentials, SigningContext};

        // The local clock is 20 minutes behind: the service's Date is 12:46:24 while
        // the local clock reads 12:26:24.
        let local_ms = 1_456_231_584_000.0 - 1_200_000.0;
        let mut offset = ClockOffset::default();
        assert!(offset.observe("Tue, 23 Feb 2016 12:46:24 GMT", local_ms, local_ms + 300.0));
        assert_eq!(offset.seconds(), 1_200);
        assert_eq!(
            offset.service_unix_seconds(local_ms + 5_000.0),
            1_456_231_589
        );

        let credentials = Credentials::new("id", "secret");
        let context = SigningContext {
            credentials: &credentials,
            region_id: "cn-hangzhou",
            unix_seconds: offset.service_unix_seconds(local_ms + 5_000.0),
            nonce: "n",
        };
        let signed = sign_request("DescribeImageCaches", &Params::new(), &context);
        assert!(
            signed
                .canonical_query
                .contains("Timestamp=2016-02-23T12%3A46%3A29Z"),
            "{}",
            signed.canonical_query
        );
    }

    #[test]
    fn offset_notice_says_about_twenty_minutes() {
        let local_ms = 1_456_231_584_000.0 - 1_200_000.0;
        let mut offset = ClockOffset::default();
        offset.observe("Tue, 23 Feb 2016 12:46:24 GMT", local_ms, local_ms + 300.0);
        assert_eq!(
            offset.notice().as_deref(),
            Some(
                "This computer's clock is about 20 minutes behind the service's clock. The \
                 console signs requests with the corrected time, but fix the system clock to \
                 be safe."
            )
        );
    }

    #[test]
    fn unreadable_date_keeps_offset() {
        let mut offset = ClockOffset::default();
        let local_ms = 1_456_231_584_000.0 - 1_200_000.0;
        offset.observe("Tue, 23 Feb 2016 12:46:24 GMT", local_ms, local_ms + 300.0);
        assert!(!offset.observe("yesterday", local_ms, local_ms));
        assert_eq!(offset.seconds(), 1_200);
        assert!(offset.observe("Tue, 23 Feb 2016 12:26:24 GMT", local_ms, local_ms));
        assert_eq!(offset.seconds(), 0);
        assert_eq!(offset.notice(), None);
    }

    #[test]
    fn describes_large_skew_only() {
        assert_eq!(describe_skew(30), None);
        let text = describe_skew(17 * 60).expect("17 minutes is noticeable");
        assert!(
            text.starts_with("This computer's clock is about 17 minutes behind"),
            "{text}"
        );
        let ahead = describe_skew(-2 * 3600).expect("2 hours is noticeable");
        assert!(
            ahead.starts_with("This computer's clock is about 2 hours ahead of"),
            "{ahead}"
        );
    }
}
