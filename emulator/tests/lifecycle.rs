//! Cache lifecycle through the API: creation, failure, update, deletion, idempotency and
//! expiry, driven by the emulator's clock.

mod common;

use std::time::{Duration, Instant};

use common::{create_cache, create_params, describe_one, params, status_of, Client};
use eci_core::params::Params;
use eci_emulator::Config;
use serde_json::Value;

/// Returns a client whose caches take 100 s to build and 10 s to update, so that tests can step
/// the clock to a known point of the lifecycle.
fn slow_client() -> Client {
    Client::new(Config {
        create_duration: Duration::from_secs(100),
        update_duration: Duration::from_secs(10),
        ..Config::default()
    })
}

fn advance(client: &Client, millis: u64) {
    client
        .emulator
        .clock()
        .advance(Duration::from_millis(millis));
}

fn reasons(cache: &Value) -> Vec<String> {
    cache["Events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["Reason"].as_str().unwrap().to_string())
        .collect()
}

fn progress(cache: &Value) -> u32 {
    let text = cache["Progress"].as_str().unwrap();
    text.strip_suffix('%').unwrap().parse().unwrap()
}

fn is_utc_timestamp(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|text| eci_core::request::parse_timestamp(text).is_some())
}

#[tokio::test]
async fn create_returns_ids() {
    let client = Client::demo();
    let reply = client
        .call("CreateImageCache", &create_params("web", &["nginx:1.25"]))
        .await;
    let reply = reply.expect_ok();
    let id = reply.body["ImageCacheId"].as_str().unwrap();
    let suffix = id.strip_prefix("imc-").unwrap();
    assert_eq!(suffix.len(), 20, "{id}");
    assert!(
        suffix
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "{id}"
    );
    let container = reply.body["ContainerGroupId"].as_str().unwrap();
    assert!(container.starts_with("eci-"), "{container}");
    assert_eq!(
        reply.body["RequestId"],
        reply.headers["x-acs-request-id"].to_str().unwrap()
    );
}

#[tokio::test]
async fn stepped_clock_walks_through_statuses() {
    let client = slow_client();
    let mut create = create_params("web", &["nginx:1.25", "redis:7"]);
    create
        .insert("RetentionDays", "7")
        .insert("ImageCacheSize", "40");
    let reply = client.call("CreateImageCache", &create).await.expect_ok();
    let id = reply.body["ImageCacheId"].as_str().unwrap().to_string();

    let cache = describe_one(&client, &id).await.unwrap();
    assert_eq!(cache["Status"], "Preparing");
    assert_eq!(cache["Progress"], "0%");
    assert_eq!(reasons(&cache), ["Created"]);
    assert_eq!(cache["ImageCacheName"], "web");
    assert_eq!(cache["ImageCacheSize"], 40);
    assert_eq!(cache["RegionId"], "cn-hangzhou");
    assert_eq!(cache["ContainerGroupId"], reply.body["ContainerGroupId"]);
    assert_eq!(cache["SnapshotId"], "");
    assert!(
        is_utc_timestamp(&cache["CreationTime"]),
        "{}",
        cache["CreationTime"]
    );

    // 30.2 s of 100: 10.2 s into the 80 s of Creating, about 12%.
    advance(&client, 30_200);
    let cache = describe_one(&client, &id).await.unwrap();
    assert_eq!(cache["Status"], "Creating");
    assert!(
        (12..=14).contains(&progress(&cache)),
        "progress {}",
        cache["Progress"]
    );
    assert_eq!(reasons(&cache), ["Created", "Pulling"]);

    advance(&client, 70_000);
    let cache = describe_one(&client, &id).await.unwrap();
    assert_eq!(cache["Status"], "Ready");
    assert_eq!(cache["Progress"], "100%");
    let snapshot = cache["SnapshotId"].as_str().unwrap();
    assert!(snapshot.starts_with("s-"), "{snapshot}");
    assert_eq!(
        reasons(&cache),
        [
            "Created",
            "Pulling",
            "Pulled",
            "Pulling",
            "Pulled",
            "SnapshotCreated"
        ]
    );
    for event in cache["Events"].as_array().unwrap() {
        assert_eq!(event["Type"], "Normal");
        assert_eq!(event["Count"], 1);
        assert!(is_utc_timestamp(&event["FirstTimestamp"]), "{event}");
        assert!(is_utc_timestamp(&event["LastTimestamp"]), "{event}");
    }

    let created = time::OffsetDateTime::parse(
        cache["CreationTime"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let expected_expiry =
        eci_core::request::format_timestamp((created + time::Duration::days(7)).unix_timestamp());
    assert_eq!(cache["ExpireDateTime"], expected_expiry);
}

#[tokio::test]
async fn short_create_reaches_ready_in_real_time() {
    let client = Client::new(Config {
        create_duration: Duration::from_secs(2),
        ..Config::default()
    });
    let id = create_cache(&client, "quick", &["nginx:1.25"]).await;
    let first = status_of(&client, &id).await;
    assert!(
        first == "Preparing" || first == "Creating",
        "first status {first}"
    );

    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = vec![first];
    while seen.last().unwrap() != "Ready" {
        assert!(
            Instant::now() < deadline,
            "not Ready after 10 s; statuses {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        let status = status_of(&client, &id).await;
        if seen.last() != Some(&status) {
            seen.push(status);
        }
    }
    let allowed = [
        vec!["Preparing", "Creating", "Ready"],
        vec!["Creating", "Ready"],
        vec!["Preparing", "Ready"],
    ];
    assert!(
        allowed.iter().any(|order| *order == seen),
        "statuses {seen:?}"
    );
}

#[tokio::test]
async fn unpullable_image_fails_with_warning() {
    let client = slow_client();
    let image = "registry.example.com/team/notfound-app:1.0";
    let id = create_cache(&client, "broken", &["nginx:1.25", image]).await;
    advance(&client, 100_000);

    let cache = describe_one(&client, &id).await.unwrap();
    assert_eq!(cache["Status"], "Failed");
    assert_eq!(cache["SnapshotId"], "");
    assert!(progress(&cache) < 100, "progress {}", cache["Progress"]);
    let events = cache["Events"].as_array().unwrap();
    let warning = events.last().unwrap();
    assert_eq!(warning["Type"], "Warning");
    assert_eq!(warning["Reason"], "ImagePullFailed");
    assert!(
        warning["Message"].as_str().unwrap().contains(image),
        "{warning}"
    );
    assert_eq!(warning["Count"], 3);
    assert!(is_utc_timestamp(&warning["FirstTimestamp"]), "{warning}");
    assert!(is_utc_timestamp(&warning["LastTimestamp"]), "{warning}");
    assert!(warning["FirstTimestamp"].as_str() < warning["LastTimestamp"].as_str());
    assert!(
        !reasons(&cache).contains(&"SnapshotCreated".to_string()),
        "{:?}",
        reasons(&cache)
    );

    // A failed cache is kept for one day.
    advance(&client, 24 * 60 * 60 * 1000);
    assert!(
        describe_one(&client, &id).await.is_none(),
        "failed cache outlived a day"
    );
}

#[tokio::test]
async fn unreachable_registry_fails() {
    let client = slow_client();
    let image = "unreachable.example.com/app:1";
    let id = create_cache(&client, "offline", &[image]).await;
    advance(&client, 100_000);
    let cache = describe_one(&client, &id).await.unwrap();
    assert_eq!(cache["Status"], "Failed");
    let warning = cache["Events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(warning["Reason"], "ImagePullFailed");
    assert!(
        warning["Message"].as_str().unwrap().contains(image),
        "{warning}"
    );
}

#[tokio::test]
async fn retention_expiry_removes_cache() {
    let client = slow_client();
    let mut create = create_params("short-lived", &["nginx:1.25"]);
    create.insert("RetentionDays", "1");
    let reply = client.call("CreateImageCache", &create).await.expect_ok();
    let id = reply.body["ImageCacheId"].as_str().unwrap().to_string();
    advance(&client, 100_000);
    assert_eq!(status_of(&client, &id).await, "Ready");
    advance(&client, 24 * 60 * 60 * 1000);
    assert!(describe_one(&client, &id).await.is_none());
}

#[tokio::test]
async fn client_token_makes_create_idempotent() {
    let client = Client::demo();
    let mut create = create_params("web", &["nginx:1.25"]);
    create.insert("ClientToken", "token-123");
    let first = client.call("CreateImageCache", &create).await.expect_ok();
    let second = client.call("CreateImageCache", &create).await.expect_ok();
    assert_eq!(first.body["ImageCacheId"], second.body["ImageCacheId"]);
    assert_eq!(
        first.body["ContainerGroupId"],
        second.body["ContainerGroupId"]
    );
    assert_ne!(first.body["RequestId"], second.body["RequestId"]);

    let all = client
        .call("DescribeImageCaches", &Params::new())
        .await
        .expect_ok();
    assert_eq!(all.body["TotalCount"], 1);

    let mut other = create_params("web", &["nginx:1.25"]);
    other.insert("ClientToken", "token-456");
    let third = client.call("CreateImageCache", &other).await.expect_ok();
    assert_ne!(first.body["ImageCacheId"], third.body["ImageCacheId"]);
}

#[tokio::test]
async fn update_moves_through_updating() {
    let client = slow_client();
    let id = create_cache(&client, "web", &["nginx:1.25"]).await;
    advance(&client, 100_000);
    let before = describe_one(&client, &id).await.unwrap();
    assert_eq!(before["Status"], "Ready");

    let mut update = params(&[("ImageCacheId", &id), ("ImageCacheName", "web-2")]);
    update
        .insert("ImageCacheSize", "60")
        .insert("Tag.1.Key", "env")
        .insert("Tag.1.Value", "dev");
    let reply = client.call("UpdateImageCache", &update).await.expect_ok();
    assert_eq!(
        reply.body.as_object().unwrap().len(),
        1,
        "only RequestId: {}",
        reply.body
    );

    let during = describe_one(&client, &id).await.unwrap();
    assert_eq!(during["Status"], "Updating");
    assert_eq!(
        during["ImageCacheSize"], 20,
        "changes apply when the update ends"
    );

    let again = client
        .call("UpdateImageCache", &params(&[("ImageCacheId", &id)]))
        .await;
    again.expect_error("IncorrectImageCacheStatus", 403);
    assert!(again.message().contains("Updating"), "{}", again.message());

    advance(&client, 10_000);
    let after = describe_one(&client, &id).await.unwrap();
    assert_eq!(after["Status"], "Ready");
    assert_eq!(after["ImageCacheName"], "web-2");
    assert_eq!(after["ImageCacheSize"], 60);
    assert_eq!(
        after["Tags"],
        serde_json::json!([{"Key": "env", "Value": "dev"}])
    );
    assert_eq!(
        after["SnapshotId"], before["SnapshotId"],
        "same images keep the snapshot"
    );
    assert_eq!(reasons(&after).last().unwrap(), "Updated");
}

#[tokio::test]
async fn update_with_new_images_takes_new_snapshot() {
    let client = slow_client();
    let id = create_cache(&client, "web", &["nginx:1.25"]).await;
    advance(&client, 100_000);
    let before = describe_one(&client, &id).await.unwrap();
    let update = params(&[("ImageCacheId", &id), ("Image.1", "nginx:1.27")]);
    client.call("UpdateImageCache", &update).await.expect_ok();
    advance(&client, 10_000);
    let after = describe_one(&client, &id).await.unwrap();
    assert_eq!(after["Status"], "Ready");
    assert_eq!(after["Images"], serde_json::json!(["nginx:1.27"]));
    assert_ne!(after["SnapshotId"], before["SnapshotId"]);
}

#[tokio::test]
async fn update_rejected_while_creating() {
    let client = slow_client();
    let id = create_cache(&client, "web", &["nginx:1.25"]).await;
    let reply = client
        .call("UpdateImageCache", &params(&[("ImageCacheId", &id)]))
        .await;
    reply.expect_error("IncorrectImageCacheStatus", 403);
    assert!(reply.message().contains("Preparing"), "{}", reply.message());
}

#[tokio::test]
async fn failed_update_allows_retry() {
    let client = slow_client();
    let id = create_cache(&client, "web", &["nginx:1.25"]).await;
    advance(&client, 100_000);
    let broken = params(&[("ImageCacheId", &id), ("Image.1", "team/notfound:1")]);
    client.call("UpdateImageCache", &broken).await.expect_ok();
    advance(&client, 10_000);
    let cache = describe_one(&client, &id).await.unwrap();
    assert_eq!(cache["Status"], "UpdateFailed");
    assert_eq!(cache["Images"], serde_json::json!(["nginx:1.25"]));
    assert_eq!(reasons(&cache).last().unwrap(), "ImagePullFailed");

    let fixed = params(&[("ImageCacheId", &id), ("Image.1", "nginx:1.27")]);
    client.call("UpdateImageCache", &fixed).await.expect_ok();
    assert_eq!(status_of(&client, &id).await, "Updating");
}

#[tokio::test]
async fn update_unknown_cache_not_found() {
    let client = Client::demo();
    let update = params(&[("ImageCacheId", "imc-doesnotexist000000")]);
    let reply = client.call("UpdateImageCache", &update).await;
    reply.expect_error("InvalidImageCacheId.NotFound", 404);
}

#[tokio::test]
async fn update_requires_cache_id() {
    let client = Client::demo();
    let reply = client.call("UpdateImageCache", &Params::new()).await;
    reply.expect_error("MissingParameter", 400);
    assert!(
        reply.message().contains("\"ImageCacheId\""),
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn delete_removes_cache() {
    let client = Client::demo();
    let id = create_cache(&client, "web", &["nginx:1.25"]).await;
    let reply = client
        .call("DeleteImageCache", &params(&[("ImageCacheId", &id)]))
        .await;
    let reply = reply.expect_ok();
    assert_eq!(
        reply.body.as_object().unwrap().len(),
        1,
        "only RequestId: {}",
        reply.body
    );

    let listed = client
        .call("DescribeImageCaches", &params(&[("ImageCacheId", &id)]))
        .await;
    let listed = listed.expect_ok();
    assert_eq!(listed.body["ImageCaches"], serde_json::json!([]));
    assert_eq!(listed.body["TotalCount"], 0);

    let again = client
        .call("DeleteImageCache", &params(&[("ImageCacheId", &id)]))
        .await;
    again.expect_error("InvalidImageCacheId.NotFound", 404);
}

#[tokio::test]
async fn delete_with_repeated_client_token_succeeds() {
    let client = Client::demo();
    let id = create_cache(&client, "web", &["nginx:1.25"]).await;
    let delete = params(&[("ImageCacheId", &id), ("ClientToken", "delete-1")]);
    client.call("DeleteImageCache", &delete).await.expect_ok();
    client.call("DeleteImageCache", &delete).await.expect_ok();
}

#[tokio::test]
async fn cache_in_other_region_invisible() {
    let mut client = Client::demo();
    let id = create_cache(&client, "web", &["nginx:1.25"]).await;
    client.region = "cn-beijing".to_string();
    assert!(describe_one(&client, &id).await.is_none());
    let reply = client
        .call("DeleteImageCache", &params(&[("ImageCacheId", &id)]))
        .await;
    reply.expect_error("InvalidImageCacheId.NotFound", 404);
}

#[tokio::test]
async fn describe_filters() {
    let client = slow_client();
    let mut tagged = create_params("tagged", &["nginx:1.25"]);
    tagged
        .insert("Tag.1.Key", "env")
        .insert("Tag.1.Value", "prod")
        .insert("ResourceGroupId", "rg-demo");
    let tagged_id = client
        .call("CreateImageCache", &tagged)
        .await
        .expect_ok()
        .body["ImageCacheId"]
        .as_str()
        .unwrap()
        .to_string();
    let plain_id = create_cache(&client, "plain", &["redis:7"]).await;
    advance(&client, 100_000);

    let ids_for = |filter: Params| {
        let client = &client;
        async move {
            let reply = client
                .call("DescribeImageCaches", &filter)
                .await
                .expect_ok();
            reply.body["ImageCaches"]
                .as_array()
                .unwrap()
                .iter()
                .map(|cache| cache["ImageCacheId"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let only_plain = vec![plain_id.clone()];
    let only_tagged = vec![tagged_id];
    let by_name = params(&[("ImageCacheName", "plain")]);
    assert_eq!(ids_for(by_name).await, only_plain);
    let by_image = params(&[("Image", "nginx:1.25")]);
    assert_eq!(ids_for(by_image).await, only_tagged);
    let by_group = params(&[("ResourceGroupId", "rg-demo")]);
    assert_eq!(ids_for(by_group).await, only_tagged);
    let by_tag = params(&[("Tag.1.Key", "env"), ("Tag.1.Value", "prod")]);
    assert_eq!(ids_for(by_tag).await, only_tagged);
    let plain = describe_one(&client, &plain_id).await.unwrap();
    let by_snapshot = params(&[("SnapshotId", plain["SnapshotId"].as_str().unwrap())]);
    assert_eq!(ids_for(by_snapshot).await, only_plain);
    assert!(ids_for(params(&[("ImageCacheId", "imc-unknown")]))
        .await
        .is_empty());
    assert_eq!(ids_for(Params::new()).await.len(), 2);
}
