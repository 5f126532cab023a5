//! DescribeImageCaches pagination over seeded caches.

mod common;

use std::collections::HashSet;

use common::{params, Client};
use eci_emulator::Config;
use serde_json::Value;

fn seeded(count: usize) -> Client {
    Client::new(Config {
        seed: count,
        ..Config::default()
    })
}

fn ids(body: &Value) -> Vec<String> {
    body["ImageCaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cache| cache["ImageCacheId"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn forty_five_caches_in_three_pages() {
    let client = seeded(45);
    let mut page_sizes = Vec::new();
    let mut seen = Vec::new();
    let mut next_token = String::new();
    loop {
        let mut request = params(&[("Limit", "20")]);
        request.insert("NextToken", next_token.as_str());
        let reply = client
            .call("DescribeImageCaches", &request)
            .await
            .expect_ok();
        assert_eq!(reply.body["TotalCount"], 45);
        let page = ids(&reply.body);
        page_sizes.push(page.len());
        seen.extend(page);
        next_token = reply.body["NextToken"].as_str().unwrap().to_string();
        if next_token.is_empty() {
            break;
        }
        assert!(
            page_sizes.len() < 5,
            "pagination does not end: {page_sizes:?}"
        );
    }
    assert_eq!(page_sizes, [20, 20, 5]);
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), 45, "duplicate ids across pages");
}

#[tokio::test]
async fn seeded_caches_are_ready() {
    let client = seeded(3);
    let reply = client
        .call("DescribeImageCaches", &params(&[]))
        .await
        .expect_ok();
    for cache in reply.body["ImageCaches"].as_array().unwrap() {
        assert_eq!(cache["Status"], "Ready", "{cache}");
        assert_eq!(cache["Progress"], "100%", "{cache}");
        assert!(
            cache["SnapshotId"].as_str().unwrap().starts_with("s-"),
            "{cache}"
        );
    }
}

#[tokio::test]
async fn default_limit_is_twenty() {
    let client = seeded(25);
    let reply = client
        .call("DescribeImageCaches", &params(&[]))
        .await
        .expect_ok();
    assert_eq!(ids(&reply.body).len(), 20);
    assert_ne!(reply.body["NextToken"], "");
}

#[tokio::test]
async fn large_limit_capped_at_hundred() {
    let client = seeded(120);
    let reply = client
        .call("DescribeImageCaches", &params(&[("Limit", "500")]))
        .await;
    let reply = reply.expect_ok();
    assert_eq!(ids(&reply.body).len(), 100);
    assert_eq!(reply.body["TotalCount"], 120);
}

#[tokio::test]
async fn invalid_limit_and_token_rejected() {
    let client = seeded(2);
    for limit in ["0", "-1", "ten"] {
        let reply = client
            .call("DescribeImageCaches", &params(&[("Limit", limit)]))
            .await;
        reply.expect_error("InvalidParameter", 400);
        assert!(
            reply.message().contains("\"Limit\""),
            "{limit}: {}",
            reply.message()
        );
    }
    let reply = client
        .call("DescribeImageCaches", &params(&[("NextToken", "bogus")]))
        .await;
    reply.expect_error("InvalidParameter", 400);
    assert!(
        reply.message().contains("\"NextToken\""),
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn token_survives_deletion() {
    let client = seeded(5);
    let first = client
        .call("DescribeImageCaches", &params(&[("Limit", "2")]))
        .await
        .expect_ok();
    let first_ids = ids(&first.body);
    let token = first.body["NextToken"].as_str().unwrap().to_string();

    let second_preview = client
        .call(
            "DescribeImageCaches",
            &params(&[("Limit", "2"), ("NextToken", &token)]),
        )
        .await;
    let next_id = ids(&second_preview.expect_ok().body)[0].clone();
    let delete = params(&[("ImageCacheId", &next_id)]);
    client.call("DeleteImageCache", &delete).await.expect_ok();

    let rest_request = params(&[("Limit", "10"), ("NextToken", &token)]);
    let rest = client
        .call("DescribeImageCaches", &rest_request)
        .await
        .expect_ok();
    let rest_ids = ids(&rest.body);
    assert_eq!(rest_ids.len(), 2);
    assert!(!rest_ids.contains(&next_id));
    assert!(rest_ids.iter().all(|id| !first_ids.contains(id)));
}
