#!/usr/bin/env bash
# Runs every test of the project, after installing what is missing. The steps are the
# native tests of all crates, the browser tests in headless Chromium, and the end-to-end
# tests, which drive the built console against the real proxy and emulator processes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

step() { printf '\n== %s\n' "$*"; }

step "installing missing tools"
bash scripts/setup.sh
cargo fetch --quiet

step "native tests (signer, schema, API types, proxy, emulator)"
cargo test --workspace --exclude eci-e2e

step "building the console (release, as users get it)"
trunk build --offline --release

step "browser tests in headless Chromium (wasm-bindgen-test)"
cargo test --target wasm32-unknown-unknown -p eci-console

step "end-to-end tests in headless Chromium against the proxy and emulator"
cargo build --bins -p eci-emulator -p eci-proxy
# --no-fail-fast: one failing test file must not hide the results of the others.
cargo test --no-fail-fast -p eci-e2e -- --test-threads=1
