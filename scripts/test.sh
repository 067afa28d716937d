#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds, and runs every test with ctest.
#   bash scripts/test.sh            the default (RelWithDebInfo) build
#   bash scripts/test.sh asan       the same tests under AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"

bash scripts/setup.sh
# ajv, which checks the canonical JSON Schemas (tests/tools): exactly the locked versions.
npm ci --prefix tests/tools --no-audit --no-fund
cmake --preset "$preset"
cmake --build --preset "$preset" --parallel "$(nproc)"
ctest --preset "$preset"
