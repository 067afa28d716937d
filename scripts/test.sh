#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds, and runs every test with ctest.
#   bash scripts/test.sh            the default (RelWithDebInfo) build
#   bash scripts/test.sh asan       the same tests under AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"

bash scripts/setup.sh
# Test-only npm tools, exactly the locked versions: ajv (tests/tools checks the canonical JSON
# Schemas) and the vendors' official API clients that must work against the sandbox unchanged
# (tests/sandbox/clients/<api>/), and playwright-core, which drives Debian's chromium in the web
# console's browser tests (tests/browser/).
for tools in tests/tools tests/browser tests/sandbox/clients/*/; do
    [ -f "$tools/package-lock.json" ] && npm ci --prefix "$tools" --no-audit --no-fund
done
cmake --preset "$preset"
cmake --build --preset "$preset" --parallel "$(nproc)"
ctest --preset "$preset"
