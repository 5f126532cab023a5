//! Command-line entry point of `eci-proxy`.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use axum::http::Uri;
use clap::Parser;
use eci_proxy::config::{parse_origin, parse_upstream};
use eci_proxy::{app, Config};
use tracing_subscriber::EnvFilter;

/// CORS proxy that forwards signed Alibaba Cloud ECI RPC requests from the browser console to
/// https://eci.<region>.aliyuncs.com/, with the query string and the body unchanged.
#[derive(Debug, Parser)]
#[command(name = "eci-proxy", version)]
struct Cli {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: SocketAddr,

    /// Base URL that receives every request in place of the ECI endpoint, such as the local
    /// emulator at http://127.0.0.1:8082. Also enables GET /emulator/demo-credentials.
    #[arg(long, value_name = "URL", value_parser = parse_upstream)]
    upstream: Option<Uri>,

    /// Origin allowed to call the proxy, such as http://127.0.0.1:8080. Repeat the option to
    /// allow several. Without it, any origin is allowed.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    allow_origins: Vec<String>,

    /// Time limit for one upstream request, in seconds, from connecting to reading the whole
    /// response.
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    timeout_secs: u64,

    /// Forward to the VPC endpoint eci-vpc.<region>.aliyuncs.com instead of
    /// eci.<region>.aliyuncs.com.
    #[arg(long)]
    vpc: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let cli = Cli::parse();
    let config = Config {
        upstream: cli.upstream,
        allowed_origins: cli.allow_origins,
        timeout: Duration::from_secs(cli.timeout_secs),
        vpc: cli.vpc,
    };

    let listener = match tokio::net::TcpListener::bind(cli.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!(listen = %cli.listen, %error, "failed to listen, so choose another --listen address or stop the process that uses it");
            return ExitCode::FAILURE;
        }
    };
    let listen = listener.local_addr().unwrap_or(cli.listen);
    let upstream = match &config.upstream {
        Some(upstream) => upstream.to_string(),
        None if config.vpc => "https://eci-vpc.<region>.aliyuncs.com".to_string(),
        None => "https://eci.<region>.aliyuncs.com".to_string(),
    };
    let origins = if config.allowed_origins.is_empty() {
        "any".to_string()
    } else {
        config.allowed_origins.join(", ")
    };
    tracing::info!(%listen, %upstream, allowed_origins = %origins, timeout_secs = cli.timeout_secs, "eci-proxy started");

    // NOTE: `axum::serve` (axum 0.8) sets no timer, so hyper applies no header read timeout,
    // and the handler reads request bodies without a time limit. A client that sends slowly
    // holds its connection open until it gives up.
    let served = axum::serve(listener, app(config))
        .with_graceful_shutdown(shutdown_signal())
        .await;
    match served {
        Ok(()) => {
            tracing::info!("eci-proxy stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "server failed");
            ExitCode::FAILURE
        }
    }
}

/// Waits for Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "failed to listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "failed to listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received, finishing open requests");
}
