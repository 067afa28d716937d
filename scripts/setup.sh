#!/usr/bin/env bash
# Installs everything the build, the tests and the demo need on Debian 12, idempotently:
# packages already present are not downloaded again, and a second run changes nothing.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git ca-certificates binutils curl
    clang                                   # builds the test plugin that proves the C ABI boundary
    libpoco-dev                             # Net, NetSSL, Crypto, Data, DataSQLite
    libboost-dev libboost-program-options-dev
    nlohmann-json3-dev
    libgtest-dev libgmock-dev
    libsqlite3-dev sqlite3 libssl-dev openssl
    libpq-dev postgresql                    # the PostgreSQL store (libpq); tests start a throwaway server
    poppler-utils                           # pdftotext: tests read the PDFs the sandbox serves
    dpkg-dev lintian systemd                # the packaging test: cpack -G DEB, dpkg-deb, lintian, systemd-analyze
    chromium                                # the web console's browser tests (headless, driven by playwright-core)
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm run the JSON Schema checks (ajv). A machine may already have them from
# another source (NodeSource's nodejs bundles npm and conflicts with Debian's npm package):
# install Debian's only when the commands are missing.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "setup: all Debian packages present"
fi
