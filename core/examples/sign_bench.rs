//! Measures the cost of signing a request against the cost of its HMAC-SHA1 alone, in one
//! run on one machine, so the ratio shows what encoding and sorting add.
//!
//! Run: `cargo run --release -p eci-core --example sign_bench`

use std::hint::black_box;
use std::time::{Duration, Instant};

use eci_core::params::Params;
use eci_core::request::{sign_request, Credentials, SigningContext};
use eci_core::signer::signature;

const ROUNDS: u32 = 20_000;

/// Runs `work` `ROUNDS` times and returns the time per call.
fn time_per_call(mut work: impl FnMut(u32)) -> Duration {
    for round in 0..ROUNDS / 10 {
        work(round);
    }
    let start = Instant::now();
    for round in 0..ROUNDS {
        work(round);
    }
    start.elapsed() / ROUNDS
}

fn create_params(image_count: usize) -> Params {
    let images: Vec<String> = (1..=image_count)
        .map(|n| format!("registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/app{n}:1.{n}"))
        .collect();
    let mut params = Params::new();
    params
        .insert("ImageCacheName", "bench-cache")
        .insert("SecurityGroupId", "sg-bench")
        .insert("VSwitchId", "vsw-bench")
        .insert_list("Image", &images);
    params
}

fn main() {
    let credentials = Credentials::new("testid", "testsecret");
    for image_count in [1, 20] {
        let params = create_params(image_count);
        let nonces: Vec<String> = (0..ROUNDS).map(|n| format!("nonce-{n}")).collect();
        let sign = time_per_call(|round| {
            let context = SigningContext {
                credentials: &credentials,
                region_id: "cn-hangzhou",
                unix_seconds: 1_456_231_584,
                nonce: &nonces[round as usize % nonces.len()],
            };
            black_box(sign_request(
                "CreateImageCache",
                black_box(&params),
                &context,
            ));
        });

        let context = SigningContext {
            credentials: &credentials,
            region_id: "cn-hangzhou",
            unix_seconds: 1_456_231_584,
            nonce: "nonce",
        };
        let string_to_sign = sign_request("CreateImageCache", &params, &context).string_to_sign;
        let hmac = time_per_call(|_| {
            black_box(signature("testsecret", black_box(&string_to_sign)));
        });

        println!(
            "CreateImageCache with {image_count:>2} image(s): sign_request {:>7.2} µs, \
             HMAC-SHA1 alone {:>6.2} µs, ratio {:.1}",
            sign.as_secs_f64() * 1e6,
            hmac.as_secs_f64() * 1e6,
            sign.as_secs_f64() / hmac.as_secs_f64()
        );
    }
}
