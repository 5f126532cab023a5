//! Server-side validation of CreateImageCache and UpdateImageCache parameters.

mod common;

use common::{create_params, params, Client, Reply};
use eci_core::params::Params;

async fn create(client: &Client, extra: &[(&str, &str)]) -> Reply {
    let mut request = create_params("web", &["nginx:1.25"]);
    for (key, value) in extra {
        request.insert(*key, *value);
    }
    client.call("CreateImageCache", &request).await
}

/// Asserts an error whose message names `parameter` in double quotes.
fn expect_named(reply: &Reply, code: &str, parameter: &str) {
    reply.expect_error(code, 400);
    let quoted = format!("\"{parameter}\"");
    assert!(
        reply.message().contains(&quoted),
        "expected {quoted} in: {}",
        reply.message()
    );
}

#[tokio::test]
async fn missing_required_create_parameters() {
    let client = Client::demo();
    let mut no_name = Params::new();
    no_name.insert("Image.1", "nginx:1.25");
    let reply = client.call("CreateImageCache", &no_name).await;
    expect_named(&reply, "MissingParameter", "ImageCacheName");
    assert_eq!(
        reply.message(),
        "The input parameter \"ImageCacheName\" that is mandatory for processing this request \
         is not supplied."
    );

    let reply = client
        .call("CreateImageCache", &params(&[("ImageCacheName", "web")]))
        .await;
    expect_named(&reply, "MissingParameter", "Image.1");

    let mut no_region = Client::demo();
    no_region.region = String::new();
    let reply = no_region
        .call("CreateImageCache", &create_params("web", &["nginx:1.25"]))
        .await;
    expect_named(&reply, "MissingParameter", "RegionId");
}

#[tokio::test]
async fn cache_size_range() {
    let client = Client::demo();
    for size in ["10", "19", "32769", "big"] {
        let reply = create(&client, &[("ImageCacheSize", size)]).await;
        expect_named(&reply, "InvalidParameter", "ImageCacheSize");
    }
    for size in ["20", "32768"] {
        create(&client, &[("ImageCacheSize", size)])
            .await
            .expect_ok();
    }
}

#[tokio::test]
async fn retention_days_at_least_one() {
    let client = Client::demo();
    let reply = create(&client, &[("RetentionDays", "0")]).await;
    expect_named(&reply, "InvalidParameter", "RetentionDays");
    create(&client, &[("RetentionDays", "1")]).await.expect_ok();
}

#[tokio::test]
async fn at_most_twenty_images() {
    let client = Client::demo();
    let images: Vec<String> = (1..=21).map(|n| format!("app-{n}:1")).collect();
    let mut request = Params::new();
    request
        .insert("ImageCacheName", "many")
        .insert_list("Image", &images);
    let reply = client.call("CreateImageCache", &request).await;
    expect_named(&reply, "InvalidParameter", "Image.N");

    let mut request = Params::new();
    request
        .insert("ImageCacheName", "many")
        .insert_list("Image", &images[..20]);
    client.call("CreateImageCache", &request).await.expect_ok();
}

#[tokio::test]
async fn image_needs_tag_or_digest() {
    let client = Client::demo();
    let mut request = create_params("web", &["nginx:1.25", "registry:5000/team/app"]);
    let reply = client.call("CreateImageCache", &request).await;
    expect_named(&reply, "InvalidParameter", "Image.2");

    request = create_params("web", &["nginx@sha256:0123456789abcdef"]);
    client.call("CreateImageCache", &request).await.expect_ok();
}

#[tokio::test]
async fn registry_credentials_checked() {
    let client = Client::demo();
    let credential = |index: usize, server: &str| {
        [
            (
                format!("ImageRegistryCredential.{index}.Server"),
                server.to_string(),
            ),
            (
                format!("ImageRegistryCredential.{index}.UserName"),
                "user".to_string(),
            ),
            (
                format!("ImageRegistryCredential.{index}.Password"),
                "p w".to_string(),
            ),
        ]
    };

    let with_scheme: Vec<(String, String)> = credential(1, "http://registry.example.com").into();
    let pairs: Vec<(&str, &str)> = with_scheme
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reply = create(&client, &pairs).await;
    expect_named(
        &reply,
        "InvalidParameter",
        "ImageRegistryCredential.1.Server",
    );

    let eleven: Vec<(String, String)> = (1..=11)
        .flat_map(|index| credential(index, "registry.example.com"))
        .collect();
    let pairs: Vec<(&str, &str)> = eleven
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reply = create(&client, &pairs).await;
    expect_named(&reply, "InvalidParameter", "ImageRegistryCredential.N");

    let ten = &pairs[..30];
    create(&client, ten).await.expect_ok();

    let no_password = &pairs[..2];
    let reply = create(&client, no_password).await;
    expect_named(
        &reply,
        "MissingParameter",
        "ImageRegistryCredential.1.Password",
    );
}

#[tokio::test]
async fn at_most_twenty_tags() {
    let client = Client::demo();
    let tags: Vec<(String, String)> = (1..=21)
        .flat_map(|n| {
            [
                (format!("Tag.{n}.Key"), format!("k{n}")),
                (format!("Tag.{n}.Value"), "v".into()),
            ]
        })
        .collect();
    let pairs: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let reply = create(&client, &pairs).await;
    expect_named(&reply, "InvalidParameter", "Tag.N");
    create(&client, &pairs[..40]).await.expect_ok();
}

#[tokio::test]
async fn client_token_limits() {
    let client = Client::demo();
    let long = "t".repeat(65);
    let reply = create(&client, &[("ClientToken", &long)]).await;
    expect_named(&reply, "InvalidParameter", "ClientToken");
    let reply = create(&client, &[("ClientToken", "令牌")]).await;
    expect_named(&reply, "InvalidParameter", "ClientToken");
    create(&client, &[("ClientToken", &"t".repeat(64))])
        .await
        .expect_ok();
}

#[tokio::test]
async fn booleans_and_strategy() {
    let client = Client::demo();
    for value in ["true", "false", "True", "False"] {
        create(&client, &[("Flash", value), ("AutoMatchImageCache", value)])
            .await
            .expect_ok();
    }
    let reply = create(&client, &[("Flash", "yes")]).await;
    expect_named(&reply, "InvalidParameter", "Flash");

    create(&client, &[("EliminationStrategy", "LRU")])
        .await
        .expect_ok();
    let reply = create(&client, &[("EliminationStrategy", "FIFO")]).await;
    expect_named(&reply, "InvalidParameter", "EliminationStrategy");
}

#[tokio::test]
async fn copy_counts_and_vswitches() {
    let client = Client::demo();
    create(
        &client,
        &[("StandardCopyCount", "2"), ("FlashCopyCount", "1")],
    )
    .await
    .expect_ok();
    let reply = create(&client, &[("StandardCopyCount", "0")]).await;
    expect_named(&reply, "InvalidParameter", "StandardCopyCount");

    let ten = (1..=10)
        .map(|n| format!("vsw-{n}"))
        .collect::<Vec<_>>()
        .join(",");
    create(&client, &[("VSwitchId", &ten)]).await.expect_ok();
    let eleven = format!("{ten},vsw-11");
    let reply = create(&client, &[("VSwitchId", &eleven)]).await;
    expect_named(&reply, "InvalidParameter", "VSwitchId");
}

#[tokio::test]
async fn update_validates_like_create() {
    let client = Client::demo();
    let update = params(&[("ImageCacheId", "imc-any"), ("ImageCacheSize", "10")]);
    let reply = client.call("UpdateImageCache", &update).await;
    expect_named(&reply, "InvalidParameter", "ImageCacheSize");

    let update = params(&[("ImageCacheId", "imc-any"), ("Image.1", "nginx")]);
    let reply = client.call("UpdateImageCache", &update).await;
    expect_named(&reply, "InvalidParameter", "Image.1");
}
