#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds, and runs the demo: the host with the
# demo configuration, serving http://127.0.0.1:8787/healthz until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake --preset default
cmake --build --preset default --parallel "$(nproc)"

echo
echo "demo: starting ledgersync with config/demo.json; try: curl http://127.0.0.1:8787/healthz"
echo "demo: press Ctrl-C to stop"
exec build/bin/ledgersync run --config config/demo.json
