//! Harness for the end-to-end tests: starts the real emulator and proxy processes, a static
//! server for the built console, and Debian's chromedriver, all on 127.0.0.1, and stops
//! them when the [`Stack`] is dropped.
//!
//! Paths can be overridden with `ECI_EMULATOR_BIN`, `ECI_PROXY_BIN`, `ECI_CONSOLE_DIST` and
//! `CHROMEDRIVER`; by default they point into this workspace's `target/debug` and `dist`.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tower_http::services::{ServeDir, ServeFile};

pub mod faults;
pub mod ui;

/// AccessKey pair the emulator is started with in these tests.
pub const ACCESS_KEY_ID: &str = "LTAIe2eTestKey0001";
pub const ACCESS_KEY_SECRET: &str = "e2e-secret-Zq8v1c";

/// How long a wait for the page may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(30);

/// A running emulator, proxy, console server and browser session.
pub struct Stack {
    pub browser: Client,
    pub console_url: String,
    pub proxy_url: String,
    pub emulator_url: String,
    log_dir: PathBuf,
    children: Vec<Child>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ has a parent")
        .to_path_buf()
}

fn binary(env_name: &str, name: &str) -> PathBuf {
    if let Ok(path) = std::env::var(env_name) {
        return PathBuf::from(path);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("target"));
    let path = target.join("debug").join(name);
    assert!(
        path.exists(),
        "{} not found; build it with `cargo build -p {name}` or set {env_name}",
        path.display()
    );
    path
}

/// Returns a port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + WAIT;
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not listen on 127.0.0.1:{port} in time"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts `program` with its standard error (where the servers log) in `{name}.log` and its
/// standard output in `{name}.out`, in a process group of its own so that [`Stack`] can stop
/// whatever it starts (chromedriver starts Chromium).
fn spawn_logged(program: &Path, args: &[String], log_dir: &Path, name: &str) -> Child {
    let stdout = File::create(log_dir.join(format!("{name}.out"))).expect("create output file");
    let stderr = File::create(log_dir.join(format!("{name}.log"))).expect("create log file");
    Command::new(program)
        .args(args)
        .env("RUST_LOG", "debug")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .process_group(0)
        .spawn()
        .unwrap_or_else(|error| panic!("failed to start {}: {error}", program.display()))
}

/// Serves the built console with a fallback to index.html, as a static host for a
/// single-page app must.
async fn serve_console(dist: PathBuf) -> String {
    let index = dist.join("index.html");
    assert!(
        index.exists(),
        "{} not found; build the console with `trunk build`",
        index.display()
    );
    let service = ServeDir::new(&dist).fallback(ServeFile::new(index));
    let router = axum::Router::new().fallback_service(service);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind console server");
    let address = listener.local_addr().expect("console server address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}")
}

/// Options for the emulator process, beyond the listen address and the AccessKey pair.
pub struct EmulatorOptions {
    pub extra_args: Vec<String>,
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        Self {
            extra_args: vec!["--create-secs".into(), "2".into()],
        }
    }
}

impl Stack {
    pub async fn start() -> Self {
        Self::start_with(EmulatorOptions::default()).await
    }

    pub async fn start_with(options: EmulatorOptions) -> Self {
        let log_dir = std::env::temp_dir().join(format!("eci-e2e-{}", free_port()));
        std::fs::create_dir_all(&log_dir).expect("create log folder");
        let mut children = Vec::new();

        let emulator_port = free_port();
        let mut emulator_args = vec![
            "--listen".to_string(),
            format!("127.0.0.1:{emulator_port}"),
            "--access-key-id".to_string(),
            ACCESS_KEY_ID.to_string(),
            "--access-key-secret".to_string(),
            ACCESS_KEY_SECRET.to_string(),
        ];
        emulator_args.extend(options.extra_args);
        let emulator = binary("ECI_EMULATOR_BIN", "eci-emulator");
        children.push(spawn_logged(
            &emulator,
            &emulator_args,
            &log_dir,
            "emulator",
        ));
        wait_for_port(emulator_port, "the emulator");
        let emulator_url = format!("http://127.0.0.1:{emulator_port}");

        let proxy_port = free_port();
        let proxy_args = vec![
            "--listen".to_string(),
            format!("127.0.0.1:{proxy_port}"),
            "--upstream".to_string(),
            emulator_url.clone(),
        ];
        let proxy = binary("ECI_PROXY_BIN", "eci-proxy");
        children.push(spawn_logged(&proxy, &proxy_args, &log_dir, "proxy"));
        wait_for_port(proxy_port, "the proxy");
        let proxy_url = format!("http://127.0.0.1:{proxy_port}");

        let dist = std::env::var("ECI_CONSOLE_DIST")
            .map(PathBuf::from)
            .unwrap_or_else(|_| workspace_root().join("dist"));
        let console_url = serve_console(dist).await;

        let driver_port = free_port();
        let driver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let driver_args = vec![format!("--port={driver_port}")];
        children.push(spawn_logged(
            Path::new(&driver),
            &driver_args,
            &log_dir,
            "chromedriver",
        ));
        wait_for_port(driver_port, "chromedriver");

        let browser = connect_browser(driver_port, &log_dir).await;
        Self {
            browser,
            console_url,
            proxy_url,
            emulator_url,
            log_dir,
            children,
        }
    }

    /// Returns the emulator's and the proxy's logs so far. The emulator's standard output
    /// is left out: it prints its own demo AccessKey pair at start, by design.
    pub fn server_logs(&self) -> String {
        ["emulator.log", "proxy.log", "proxy.out"]
            .iter()
            .map(|name| std::fs::read_to_string(self.log_dir.join(name)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Opens `path` of the console.
    pub async fn open(&self, path: &str) {
        let url = format!("{}{path}", self.console_url);
        self.browser
            .goto(&url)
            .await
            .unwrap_or_else(|error| panic!("open {url}: {error}"));
    }

    /// Fills the settings panel with the proxy, the region and an AccessKey pair.
    pub async fn fill_settings(&self, access_key_id: &str, access_key_secret: &str) {
        self.type_into("#settings-proxy-url", &self.proxy_url).await;
        self.type_into("#settings-region", "cn-hangzhou").await;
        self.type_into("#settings-access-key-id", access_key_id)
            .await;
        self.type_into("#settings-access-key-secret", access_key_secret)
            .await;
    }

    /// Waits for the element, clears it and types `text` into it.
    pub async fn type_into(&self, selector: &str, text: &str) {
        let element = self.find(selector).await;
        element
            .clear()
            .await
            .unwrap_or_else(|error| panic!("clear {selector}: {error}"));
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|error| panic!("type into {selector}: {error}"));
    }

    pub async fn click(&self, selector: &str) {
        let element = self.find(selector).await;
        element
            .click()
            .await
            .unwrap_or_else(|error| panic!("click {selector}: {error}"));
    }

    /// Waits until an element matching `selector` exists.
    pub async fn find(&self, selector: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.browser.find(Locator::Css(selector)).await {
                return element;
            }
            assert!(Instant::now() < deadline, "no element matches {selector}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Returns the text of the first element matching `selector`, if there is one.
    pub async fn text_of(&self, selector: &str) -> Option<String> {
        let element = self.browser.find(Locator::Css(selector)).await.ok()?;
        element.text().await.ok()
    }

    /// Waits until the text of `selector` satisfies `accept`, and returns it.
    pub async fn wait_for_text(&self, selector: &str, accept: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        let mut last = None;
        loop {
            let text = self.text_of(selector).await;
            if let Some(text) = &text {
                if accept(text) {
                    return text.clone();
                }
            }
            if text.is_some() {
                last = text;
            }
            assert!(
                Instant::now() < deadline,
                "{selector} never had the expected text; last: {last:?}"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits until no element matches `selector`.
    pub async fn wait_for_absence(&self, selector: &str) {
        let deadline = Instant::now() + WAIT;
        while self.browser.find(Locator::Css(selector)).await.is_ok() {
            assert!(Instant::now() < deadline, "{selector} is still on the page");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Closes the browser session; the processes stop when the stack is dropped.
    pub async fn close(self) {
        let _ = self.browser.clone().close().await;
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        for child in &mut self.children {
            // A negative pid names the process group, so Chromium goes with chromedriver
            // even when a failed test never closed its session.
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn connect_browser(driver_port: u16, log_dir: &Path) -> Client {
    let profile = log_dir.join("chromium-profile");
    let options = serde_json::json!({
        "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--window-size=1280,800",
            format!("--user-data-dir={}", profile.display()),
        ],
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".to_string(), options);

    let url = format!("http://127.0.0.1:{driver_port}");
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&url)
        .await
        .unwrap_or_else(|error| panic!("start a Chromium session through {url}: {error}"))
}
