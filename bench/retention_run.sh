#!/usr/bin/env bash
# bench/retention_run on SQLite and on a throwaway PostgreSQL server in the same run: starts
# the server with tests/support/postgres_cluster.sh (Debian's postgresql package), runs the
# benchmark with its DSN and any arguments given here, and stops the server.
#
#   bench/retention_run.sh [--records N] [--objects N] [--rounds N]
#
# BUILD_DIR: the build tree (default build/ beside this script's folder).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
state=$(mktemp -d)
trap 'bash "$root/tests/support/postgres_cluster.sh" stop "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
bash "$root/tests/support/postgres_cluster.sh" start "$state"
"$build/bench/retention_run" --postgres-dsn "$(cat "$state/dsn")" "$@"
