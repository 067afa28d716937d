#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (a ctest fixture: FIXTURES_SETUP runs `start`,
# FIXTURES_CLEANUP runs `stop`).
#
#   postgres_cluster.sh start STATE_DIR   initdb + pg_ctl start on 127.0.0.1, a free port; writes
#                                         STATE_DIR/dsn (a libpq connection string, superuser,
#                                         no password) and STATE_DIR/data_dir
#   postgres_cluster.sh stop STATE_DIR    stops the cluster and removes its data
#
# Debian's server binaries live in /usr/lib/postgresql/<version>/bin (package postgresql,
# installed by scripts/setup.sh); the newest installed version is used. PostgreSQL refuses to
# run as root: as root, the cluster runs as the `postgres` user the package creates, in a data
# directory under the temp dir that this user owns (a build tree may not be readable by it).
set -euo pipefail

action=${1:?usage: postgres_cluster.sh start|stop STATE_DIR}
state=${2:?usage: postgres_cluster.sh start|stop STATE_DIR}

bindir=""
for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        if [ -z "$bindir" ] || [ "$(basename "$(dirname "$dir")")" -gt "$(basename "$(dirname "$bindir")")" ]; then
            bindir=$dir
        fi
    fi
done
if [ -z "$bindir" ]; then
    echo "postgres_cluster: no PostgreSQL server found in /usr/lib/postgresql/*/bin; run scripts/setup.sh (package postgresql)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_cluster() {
    [ -f "$state/data_dir" ] || return 0
    local data
    data=$(cat "$state/data_dir")
    if [ -f "$data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$(dirname "$data")"
    rm -f "$state/data_dir" "$state/dsn"
}

case "$action" in
stop)
    stop_cluster
    ;;
start)
    mkdir -p "$state"
    stop_cluster  # a cluster a killed run left behind
    root=$(mktemp -d "${TMPDIR:-/tmp}/ledgersync-pg.XXXXXX")
    chmod 755 "$root"
    if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$root"; then
        # TMPDIR lies under a directory the postgres user cannot enter: /tmp it is.
        rmdir "$root"
        root=$(mktemp -d /tmp/ledgersync-pg.XXXXXX)
        chmod 755 "$root"
    fi
    data="$root/data"
    echo "$data" >"$state/data_dir"
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "postgres_cluster: running as root and there is no postgres user to run the server as; install the postgresql package (scripts/setup.sh)" >&2
            exit 1
        fi
        chown postgres: "$root"
    fi
    as_owner "$bindir/initdb" -D "$data" -U ledgersync_test -A trust -E UTF8 --locale=C >"$root/initdb.log" 2>&1 || {
        cat "$root/initdb.log" >&2
        exit 1
    }
    # A free port: the first of a few random ones nothing answers on; the server's own bind
    # decides (a port taken meanwhile makes pg_ctl fail, and the next one is tried).
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        port=$((20000 + RANDOM % 40000))
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
        # No unix socket (its default directory may not be writable); durability off: a
        # throwaway cluster trades it for speed.
        if as_owner "$bindir/pg_ctl" -D "$data" -l "$root/server.log" -w -t 60 -o \
            "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null; then
            echo "host=127.0.0.1 port=$port user=ledgersync_test dbname=postgres" >"$state/dsn"
            echo "postgres_cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $data"
            exit 0
        fi
        echo "postgres_cluster: starting on port $port failed (attempt $attempt):" >&2
        tail -5 "$root/server.log" >&2 || true
    done
    stop_cluster
    exit 1
    ;;
*)
    echo "usage: postgres_cluster.sh start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
