//! The broken replies that the fault switches send: malformed bodies and a connection
//! closed without any response.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body::Frame;

use crate::clock::format_http_date;
use crate::faults::Garbage;

/// HTML error page of a failing gateway, in the style of the Tengine servers in front of
/// Alibaba Cloud endpoints.
const BAD_GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n\
</body>\r\n</html>\r\n";

/// Builds the malformed reply of kind `garbage`. It has a `Date` header but, unlike the
/// service's replies, no request id header: a gateway that breaks does not add one.
pub fn garbage_response(garbage: Garbage, request_id: &str, now_ms: i64) -> Response {
    let (status, content_type, body) = match garbage {
        Garbage::HtmlPage => (
            StatusCode::BAD_GATEWAY,
            Some("text/html"),
            BAD_GATEWAY_PAGE.to_string(),
        ),
        Garbage::EmptyBody => (StatusCode::INTERNAL_SERVER_ERROR, None, String::new()),
        Garbage::TruncatedJson => (
            StatusCode::OK,
            Some("application/json;charset=utf-8"),
            format!("{{\"RequestId\":\"{request_id}\",\"ImageCaches\":[{{\"Ima"),
        ),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    match content_type {
        Some(value) => {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
        }
        None => {
            headers.remove(header::CONTENT_TYPE);
        }
    }
    if let Ok(value) = HeaderValue::from_str(&format_http_date(now_ms)) {
        headers.insert(header::DATE, value);
    }
    response
}

/// Builds a response that makes the server close the connection without sending a byte.
///
/// Its body fails on the first poll. hyper 1.x (checked with 1.13) encodes the status line
/// and headers into its write buffer and polls the body before it flushes. When that poll
/// fails, hyper drops the connection with the buffer unsent, so the client reads end of
/// file before any response: curl reports "Empty reply from server" and a browser's fetch
/// rejects with a network error. The socket tests check that not a single byte arrives
/// over HTTP/1.1; HTTP/2 is untested.
pub fn dropped_connection() -> Response {
    let mut response = Response::new(Body::new(FailingBody));
    *response.status_mut() = StatusCode::OK;
    response
}

/// A body whose first frame is an error.
struct FailingBody;

impl http_body::Body for FailingBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "the drop fault closes this connection without a response",
        ))))
    }

    fn is_end_stream(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_text(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn garbage_kinds() {
        let html = garbage_response(Garbage::HtmlPage, "R1", 0);
        assert_eq!(html.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(html.headers()[header::CONTENT_TYPE], "text/html");
        assert!(body_text(html).await.contains("502 Bad Gateway"));

        let empty = garbage_response(Garbage::EmptyBody, "R2", 0);
        assert_eq!(empty.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(empty.headers().get(header::CONTENT_TYPE).is_none());
        assert_eq!(body_text(empty).await, "");

        let truncated = garbage_response(Garbage::TruncatedJson, "R3", 0);
        assert_eq!(truncated.status(), StatusCode::OK);
        let text = body_text(truncated).await;
        assert_eq!(text, r#"{"RequestId":"R3","ImageCaches":[{"Ima"#);
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
    }

    #[tokio::test]
    async fn dropped_body_fails() {
        let result = axum::body::to_bytes(dropped_connection().into_body(), usize::MAX).await;
        assert!(result.is_err());
    }
}
