//! DescribeImageCaches filters: comma-separated ImageCacheId lists, Tag.N filters and the
//! MatchImage lookup with ImageFullMatch, ImageMatchCountRequest and LastMatchedTime.

mod common;

use std::time::Duration;

use common::{create_params, describe_one, params, Client};
use eci_core::params::Params;
use eci_emulator::Config;
use serde_json::Value;

const DESCRIBE: &str = "DescribeImageCaches";
/// Build time of every cache in these tests.
const BUILD_MS: u64 = 10_000;

fn client() -> Client {
    Client::new(Config {
        create_duration: Duration::from_millis(BUILD_MS),
        ..Config::default()
    })
}

fn advance(client: &Client, millis: u64) {
    client
        .emulator
        .clock()
        .advance(Duration::from_millis(millis));
}

async fn create(client: &Client, name: &str, images: &[&str], tags: &[(&str, &str)]) -> String {
    let mut request = create_params(name, images);
    for (index, (key, value)) in tags.iter().enumerate() {
        let number = index + 1;
        request.insert(format!("Tag.{number}.Key"), *key);
        request.insert(format!("Tag.{number}.Value"), *value);
    }
    let reply = client.call("CreateImageCache", &request).await.expect_ok();
    reply.body["ImageCacheId"].as_str().unwrap().to_string()
}

fn ids(body: &Value) -> Vec<String> {
    body["ImageCaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cache| cache["ImageCacheId"].as_str().unwrap().to_string())
        .collect()
}

/// Sends DescribeImageCaches with `filter` and returns the listed ids, newest first.
async fn ids_for(client: &Client, filter: &[(&str, &str)]) -> Vec<String> {
    let reply = client.call(DESCRIBE, &params(filter)).await.expect_ok();
    let listed = ids(&reply.body);
    assert_eq!(reply.body["TotalCount"], listed.len(), "{}", reply.body);
    listed
}

async fn last_matched(client: &Client, id: &str) -> String {
    let cache = describe_one(client, id).await.expect("the cache exists");
    cache["LastMatchedTime"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn id_list_selects_exact_ids() {
    let client = client();
    let first = create(&client, "first", &["a:1"], &[]).await;
    let second = create(&client, "second", &["b:1"], &[]).await;
    let third = create(&client, "third", &["c:1"], &[]).await;

    let both = format!("{first},{third}");
    assert_eq!(
        ids_for(&client, &[("ImageCacheId", &both)]).await,
        [third.as_str(), first.as_str()]
    );
    let spaced = format!(" {second} , {first} ");
    assert_eq!(
        ids_for(&client, &[("ImageCacheId", &spaced)]).await,
        [second.as_str(), first.as_str()]
    );
    let with_unknown = format!("imc-unknown,{second}");
    assert_eq!(
        ids_for(&client, &[("ImageCacheId", &with_unknown)]).await,
        [second.as_str()]
    );
    let repeated = format!("{third},{third}");
    assert_eq!(
        ids_for(&client, &[("ImageCacheId", &repeated)]).await,
        [third.as_str()]
    );
}

#[tokio::test]
async fn id_list_skips_empty_entries() {
    let client = client();
    let first = create(&client, "first", &["a:1"], &[]).await;
    let second = create(&client, "second", &["b:1"], &[]).await;

    let leading_comma = format!(",{first}");
    assert_eq!(
        ids_for(&client, &[("ImageCacheId", &leading_comma)]).await,
        [first.as_str()]
    );
    let gaps = format!("{second},,{first},");
    assert_eq!(
        ids_for(&client, &[("ImageCacheId", &gaps)]).await,
        [second.as_str(), first.as_str()]
    );
    assert_eq!(
        ids_for(&client, &[("ImageCacheId", ",")]).await,
        [second.as_str(), first.as_str()],
        "a list of empty entries filters nothing"
    );
    assert!(ids_for(&client, &[("ImageCacheId", ",imc-unknown")])
        .await
        .is_empty());
}

#[tokio::test]
async fn tag_filters_by_key_and_value() {
    let client = client();
    let prod = create(
        &client,
        "prod",
        &["a:1"],
        &[("env", "prod"), ("team", "web")],
    )
    .await;
    let dev = create(&client, "dev", &["a:1"], &[("env", "dev")]).await;
    let untagged = create(&client, "untagged", &["a:1"], &[]).await;

    assert_eq!(
        ids_for(&client, &[("Tag.1.Key", "env")]).await,
        [dev.as_str(), prod.as_str()],
        "a key without a value matches any value"
    );
    assert_eq!(
        ids_for(&client, &[("Tag.1.Key", "env"), ("Tag.1.Value", "prod")]).await,
        [prod.as_str()]
    );
    let two_tags = [
        ("Tag.1.Key", "env"),
        ("Tag.1.Value", "prod"),
        ("Tag.2.Key", "team"),
        ("Tag.2.Value", "web"),
    ];
    assert_eq!(ids_for(&client, &two_tags).await, [prod.as_str()]);
    assert_eq!(
        ids_for(&client, &[("Tag.2.Key", "team")]).await,
        [prod.as_str()],
        "Tag.2 counts without Tag.1"
    );
    assert!(
        ids_for(&client, &[("Tag.1.Key", "env"), ("Tag.1.Value", "staging")])
            .await
            .is_empty()
    );
    assert_eq!(ids_for(&client, &[]).await.len(), 3);
    assert!(!ids_for(&client, &[("Tag.1.Key", "env")])
        .await
        .contains(&untagged));
}

#[tokio::test]
async fn tag_filter_rejects_bad_input() {
    let client = client();
    let reply = client
        .call(DESCRIBE, &params(&[("Tag.1.Value", "prod")]))
        .await;
    reply.expect_error("MissingParameter", 400);
    assert!(reply.message().contains("Tag.1.Key"), "{}", reply.message());

    let mut many = Params::new();
    for number in 1..=21 {
        many.insert(format!("Tag.{number}.Key"), format!("k{number}"));
    }
    let reply = client.call(DESCRIBE, &many).await;
    reply.expect_error("InvalidParameter", 400);
    assert!(reply.message().contains("Tag.N"), "{}", reply.message());
}

/// Creates the caches of the MatchImage tests: `both` (x and y), `only_x` and `only_z`,
/// all Ready, then `building` (x and y), still Creating.
async fn match_fixture(client: &Client) -> [String; 4] {
    let both = create(client, "both", &["x:1", "y:1"], &[]).await;
    let only_x = create(client, "only-x", &["x:1"], &[]).await;
    let only_z = create(client, "only-z", &["z:1"], &[]).await;
    advance(client, BUILD_MS);
    let building = create(client, "building", &["x:1", "y:1"], &[]).await;
    [both, only_x, only_z, building]
}

#[tokio::test]
async fn match_image_lists_ready_caches() {
    let client = client();
    let [both, only_x, only_z, _building] = match_fixture(&client).await;
    assert_eq!(
        ids_for(&client, &[("MatchImage.1", "x:1")]).await,
        [only_x.as_str(), both.as_str()],
        "the building cache is not Ready, so it does not match"
    );
    assert_eq!(
        ids_for(&client, &[("MatchImage.1", "z:1")]).await,
        [only_z.as_str()]
    );
    assert!(ids_for(&client, &[("MatchImage.1", "w:1")])
        .await
        .is_empty());
}

#[tokio::test]
async fn match_image_full_and_partial() {
    let client = client();
    let [both, only_x, _only_z, _building] = match_fixture(&client).await;
    let x_and_y = [("MatchImage.1", "x:1"), ("MatchImage.2", "y:1")];
    assert_eq!(
        ids_for(&client, &x_and_y).await,
        [only_x.as_str(), both.as_str()],
        "a partial match needs one of the images"
    );
    for full in ["true", "True"] {
        let mut filter = x_and_y.to_vec();
        filter.push(("ImageFullMatch", full));
        assert_eq!(ids_for(&client, &filter).await, [both.as_str()], "{full}");
    }
    let mut explicit_partial = x_and_y.to_vec();
    explicit_partial.push(("ImageFullMatch", "false"));
    assert_eq!(ids_for(&client, &explicit_partial).await.len(), 2);
}

#[tokio::test]
async fn match_count_keeps_best_matches() {
    let client = client();
    let [both, only_x, _only_z, _building] = match_fixture(&client).await;
    let best_one = [
        ("MatchImage.1", "x:1"),
        ("MatchImage.2", "y:1"),
        ("ImageMatchCountRequest", "1"),
    ];
    assert_eq!(
        ids_for(&client, &best_one).await,
        [both.as_str()],
        "the cache with both images ranks first"
    );
    let newest_of_equals = [("MatchImage.1", "x:1"), ("ImageMatchCountRequest", "1")];
    assert_eq!(ids_for(&client, &newest_of_equals).await, [only_x.as_str()]);
    let more_than_exist = [("MatchImage.1", "x:1"), ("ImageMatchCountRequest", "5")];
    assert_eq!(ids_for(&client, &more_than_exist).await.len(), 2);
    let without_match_image = [("ImageMatchCountRequest", "1")];
    assert_eq!(
        ids_for(&client, &without_match_image).await.len(),
        4,
        "the count applies only to MatchImage lookups"
    );
}

#[tokio::test]
async fn match_image_with_other_filters() {
    let client = client();
    let [both, only_x, _only_z, _building] = match_fixture(&client).await;
    let filter = [("MatchImage.1", "x:1"), ("ImageCacheId", both.as_str())];
    assert_eq!(ids_for(&client, &filter).await, [both.as_str()]);

    let reply = client
        .call(
            DESCRIBE,
            &params(&[("MatchImage.1", "x:1"), ("Limit", "1")]),
        )
        .await
        .expect_ok();
    assert_eq!(reply.body["TotalCount"], 2);
    assert_eq!(ids(&reply.body), [only_x.as_str()]);
    let token = reply.body["NextToken"].as_str().unwrap();
    assert!(!token.is_empty());
    let next = client
        .call(
            DESCRIBE,
            &params(&[
                ("MatchImage.1", "x:1"),
                ("Limit", "1"),
                ("NextToken", token),
            ]),
        )
        .await
        .expect_ok();
    assert_eq!(ids(&next.body), [both.as_str()]);
    assert_eq!(next.body["NextToken"], "");
}

#[tokio::test]
async fn match_sets_last_matched_time() {
    let client = client();
    let [both, only_x, only_z, building] = match_fixture(&client).await;
    for id in [&both, &only_x, &only_z, &building] {
        assert_eq!(
            last_matched(&client, id).await,
            "",
            "{id} before any lookup"
        );
    }

    let lookup_secs = client.emulator.now_ms() / 1000;
    let reply = client
        .call(DESCRIBE, &params(&[("MatchImage.1", "y:1")]))
        .await
        .expect_ok();
    let listed = &reply.body["ImageCaches"][0];
    assert_eq!(listed["ImageCacheId"], both.as_str());
    let matched_time = listed["LastMatchedTime"].as_str().unwrap();
    let matched_secs = eci_core::request::parse_timestamp(matched_time)
        .unwrap_or_else(|| panic!("LastMatchedTime {matched_time:?} is not a UTC timestamp"));
    assert!(
        (matched_secs - lookup_secs).abs() <= 2,
        "{matched_time} is not the time of the lookup"
    );
    assert_eq!(last_matched(&client, &both).await, matched_time);
    assert_eq!(last_matched(&client, &only_x).await, "", "y:1 is not in it");
    assert_eq!(last_matched(&client, &only_z).await, "");
    assert_eq!(last_matched(&client, &building).await, "", "not Ready");

    advance(&client, BUILD_MS);
    ids_for(&client, &[("MatchImage.1", "y:1")]).await;
    assert_ne!(
        last_matched(&client, &building).await,
        "",
        "Ready now, so it matches"
    );
}

#[tokio::test]
async fn match_image_rejects_bad_input() {
    let client = client();
    let mut too_many = Params::new();
    for number in 1..=101 {
        too_many.insert(format!("MatchImage.{number}"), format!("app-{number}:1"));
    }
    let reply = client.call(DESCRIBE, &too_many).await;
    reply.expect_error("InvalidParameter", 400);
    assert!(
        reply.message().contains("MatchImage.N"),
        "{}",
        reply.message()
    );

    let mut hundred = Params::new();
    for number in 1..=100 {
        hundred.insert(format!("MatchImage.{number}"), format!("app-{number}:1"));
    }
    client.call(DESCRIBE, &hundred).await.expect_ok();

    let cases = [
        ("ImageFullMatch", "yes"),
        ("ImageMatchCountRequest", "0"),
        ("ImageMatchCountRequest", "many"),
    ];
    for (key, value) in cases {
        let reply = client
            .call(DESCRIBE, &params(&[("MatchImage.1", "x:1"), (key, value)]))
            .await;
        reply.expect_error("InvalidParameter", 400);
        assert!(reply.message().contains(key), "{}", reply.message());
    }
}
