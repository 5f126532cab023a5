#!/usr/bin/env bash
# Starts the console on the local ECI emulator, after installing what is missing:
# emulator on 127.0.0.1:8082, proxy on 127.0.0.1:8081, console on 127.0.0.1:8080.
# Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

EMULATOR_ADDRESS=127.0.0.1:8082
PROXY_ADDRESS=127.0.0.1:8081
CONSOLE_ADDRESS=127.0.0.1:8080

bash scripts/setup.sh
cargo fetch --quiet
cargo build --release --bins -p eci-emulator -p eci-proxy

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT INT TERM

./target/release/eci-emulator --listen "$EMULATOR_ADDRESS" --seed 3 &
pids+=($!)
./target/release/eci-proxy --listen "$PROXY_ADDRESS" --upstream "http://$EMULATOR_ADDRESS" &
pids+=($!)

cat <<MSG

  Console:  http://$CONSOLE_ADDRESS/   (ready once Trunk prints "server listening")
  Proxy:    http://$PROXY_ADDRESS      (forwards to the emulator at http://$EMULATOR_ADDRESS)
  In the console, open Settings and press "Use the emulator's demo AccessKey"; the demo
  pair is also printed by the emulator above.

MSG
# Trunk runs in the background too, so that a TERM to this script reaches the trap at once
# instead of waiting for a foreground child to exit.
trunk serve --offline --release --address 127.0.0.1 --port 8080 &
pids+=($!)
wait "${pids[-1]}"
