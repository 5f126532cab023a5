#!/usr/bin/env bash
# Installs what the console needs to build and test, skipping anything already present.
# It targets a Debian machine where it runs as root, as in CI. Everything comes from
# crates.io, Debian's archive and the npm registry, and nothing from anywhere else.
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0

log() { printf '[setup] %s\n' "$*" >&2; }

have_version() { # command, expected substring of `command --version`
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"
}

apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Debian's binaryen (version 108) produces a wasm file that loads as a blank page, so it
# must not shadow the npm build of wasm-opt.
if dpkg -s binaryen >/dev/null 2>&1; then
  log "removing Debian's binaryen, whose wasm-opt breaks the release build"
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq binaryen >/dev/null
fi

apt_install chromium chromium-driver

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: the registry lacks one crate version that its lock file names.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --quiet
fi

if ! have_version trunk "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 10 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --quiet
fi

if ! have_version wasm-opt "version ${BINARYEN_VERSION%%.*}"; then
  log "installing wasm-opt from the npm package binaryen@$BINARYEN_VERSION"
  npm install --global --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

log "tools ready: $(wasm-bindgen --version), $(trunk --version), $(wasm-opt --version)"
