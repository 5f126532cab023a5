//! Command line of the ECI image-cache emulator.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use eci_emulator::faults::{FaultSettings, Garbage};
use eci_emulator::state::{
    DEFAULT_SEED_REGION, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, STS_ACCESS_KEY_ID,
    STS_ACCESS_KEY_SECRET,
};
use eci_emulator::{app, Config, Emulator};
use tracing_subscriber::EnvFilter;

/// Local emulator of the ECI image-cache API (2018-08-08) for demos and end-to-end tests.
/// Logging is set with RUST_LOG (default: info).
#[derive(Debug, Parser)]
#[command(version)]
struct Options {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8082")]
    listen: SocketAddr,

    /// AccessKey ID that the emulator accepts.
    #[arg(long, default_value = DEMO_ACCESS_KEY_ID)]
    access_key_id: String,

    /// AccessKey secret of that ID.
    #[arg(long, default_value = DEMO_ACCESS_KEY_SECRET)]
    access_key_secret: String,

    /// Also accept the STS AccessKey ID STS.demoEmulatorKey, whose requests must then carry
    /// this value as SecurityToken.
    #[arg(long)]
    security_token: Option<String>,

    /// AccessKey secret of the STS AccessKey ID.
    #[arg(long, default_value = STS_ACCESS_KEY_SECRET)]
    sts_access_key_secret: String,

    /// Seconds that Preparing and Creating take together for a new cache.
    #[arg(long, default_value_t = 6.0)]
    create_secs: f64,

    /// Seconds that Updating takes.
    #[arg(long, default_value_t = 2.0)]
    update_secs: f64,

    /// Number of Ready caches that exist at start.
    #[arg(long, default_value_t = 0)]
    seed: usize,

    /// Region of the seeded caches.
    #[arg(long, default_value = DEFAULT_SEED_REGION)]
    seed_region: String,

    /// Seconds the emulator's clock runs ahead of the system clock (negative: behind).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    clock_offset_secs: i64,

    /// Fraction of API requests (0 to 1) that fail with HTTP 503 ServiceUnavailable before
    /// any check.
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,

    /// Fraction of API requests (0 to 1) that are carried out but get HTTP 503
    /// ServiceUnavailable in place of their reply, as if the reply were lost.
    #[arg(long, default_value_t = 0.0)]
    fail_after_rate: f64,

    /// Fraction of API requests (0 to 1) whose connection is closed without any response.
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,

    /// Fraction of API requests (0 to 1) that get a malformed reply. The replies take turns:
    /// an HTML page with status 502, an empty body with 500, truncated JSON with 200.
    #[arg(long, default_value_t = 0.0)]
    garbage_rate: f64,

    /// Fraction of authenticated API requests (0 to 1) that fail with Throttling.User and an
    /// x-acs-retry-after header.
    #[arg(long, default_value_t = 0.0)]
    throttle_rate: f64,

    /// Milliseconds every API reply waits before it is sent.
    #[arg(long, default_value_t = 0)]
    delay_ms: u64,

    /// Send only this kind of malformed reply (html-page, empty-body or truncated-json)
    /// instead of taking turns.
    #[arg(long, value_parser = parse_garbage_kind)]
    garbage_kind: Option<Garbage>,

    /// Read every %20 in a request's query or form body as %2B, as behind a proxy that
    /// re-encodes spaces as plus signs, so a value with a space fails the signature check.
    #[arg(long)]
    mangle_plus: bool,

    /// Seed of the random fault draws, for runs that repeat the same faults for the same
    /// requests (default: a new seed on each start).
    #[arg(long)]
    fault_seed: Option<u64>,
}

fn parse_garbage_kind(name: &str) -> Result<Garbage, String> {
    Garbage::from_name(name).ok_or_else(|| {
        format!("\"{name}\" is not a kind; use html-page, empty-body or truncated-json")
    })
}

fn seconds(value: f64, option: &str) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("--{option} must be a non-negative number of seconds, got {value}"))
}

fn config_from(options: Options) -> Result<Config, String> {
    let faults = FaultSettings {
        fail_rate: options.fail_rate,
        fail_after_rate: options.fail_after_rate,
        drop_rate: options.drop_rate,
        garbage_rate: options.garbage_rate,
        throttle_rate: options.throttle_rate,
        delay_ms: options.delay_ms,
        garbage_kind: options.garbage_kind,
        mangle_plus: options.mangle_plus,
    };
    for (rate, option) in [
        (faults.fail_rate, "fail-rate"),
        (faults.fail_after_rate, "fail-after-rate"),
        (faults.drop_rate, "drop-rate"),
        (faults.garbage_rate, "garbage-rate"),
        (faults.throttle_rate, "throttle-rate"),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            return Err(format!("--{option} must be from 0 to 1, got {rate}"));
        }
    }
    Ok(Config {
        access_key_id: options.access_key_id,
        access_key_secret: options.access_key_secret,
        security_token: options.security_token.filter(|token| !token.is_empty()),
        sts_access_key_secret: options.sts_access_key_secret,
        create_duration: seconds(options.create_secs, "create-secs")?,
        update_duration: seconds(options.update_secs, "update-secs")?,
        seed: options.seed,
        seed_region: options.seed_region,
        clock_offset_secs: options.clock_offset_secs,
        faults,
        fault_seed: options.fault_seed,
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs go to stderr so that stdout carries only the start-up lines below.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let options = Options::parse();
    let listen = options.listen;
    let config = match config_from(options) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {listen}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(listen);

    // These lines go to stdout because demo users and scripts read the pair from there.
    // The pair is the emulator's own demo pair, never a real AccessKey.
    println!("listening on http://{address}");
    println!("demo AccessKey ID: {}", config.access_key_id);
    println!("demo AccessKey secret: {}", config.access_key_secret);
    if config.security_token.is_some() {
        println!("STS AccessKey ID: {STS_ACCESS_KEY_ID} (requires the configured security token)");
        println!("STS AccessKey secret: {}", config.sts_access_key_secret);
    }
    tracing::info!(
        %address,
        create_secs = config.create_duration.as_secs_f64(),
        seed = config.seed,
        clock_offset_secs = config.clock_offset_secs,
        fail_rate = config.faults.fail_rate,
        fail_after_rate = config.faults.fail_after_rate,
        drop_rate = config.faults.drop_rate,
        garbage_rate = config.faults.garbage_rate,
        throttle_rate = config.faults.throttle_rate,
        delay_ms = config.faults.delay_ms,
        garbage_kind = config.faults.garbage_kind.map(Garbage::as_str),
        mangle_plus = config.faults.mangle_plus,
        fault_seed = config.fault_seed,
        "emulator started"
    );

    let emulator = Emulator::new(config);
    // The peer address lets the admin routes reject clients that are not on this host.
    let service = app(emulator).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    match served {
        Ok(()) => {
            tracing::info!("emulator stopped");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "server failed");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => return interrupt.await.unwrap_or(()),
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    interrupt.await.unwrap_or(());
}
