#!/usr/bin/env bash
# Installs the .deb that deb_package_test.sh left in DEB_DIR with dpkg on this machine, checks it
# as an operator meets it (the system user, file ownership, the unit, the host running as that
# user on the packaged configuration, an upgrade keeping an edited conffile), then purges it and
# leaves the machine as it found it. Needs root and a machine where ledgersync is not installed:
# anywhere else it exits 77, which ctest reports as skipped.
# usage: deb_install_test.sh DEB_DIR VERSION
set -euo pipefail

deb_dir=$1
version=$2

skip() {
    echo "SKIP: $*"
    exit 77
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ "$(id -u)" -eq 0 ] || skip "installing a package needs root"
command -v dpkg >/dev/null 2>&1 || skip "no dpkg on this machine"
if dpkg-query -W -f='${Status}' ledgersync 2>/dev/null | grep -q "installed"; then
    skip "ledgersync is already installed here; the test does not touch an operator's install"
fi
deb=$(find "$deb_dir" -maxdepth 1 -name "ledgersync_${version}_*.deb" | head -n 1)
[ -n "$deb" ] || fail "no ledgersync_${version}_*.deb in $deb_dir (the packaging test builds it)"

# What the machine had before, so that cleanup removes only what the package made.
user_existed=no
getent passwd ledgersync >/dev/null && user_existed=yes
state_existed=no
[ -e /var/lib/ledgersync ] && state_existed=yes
work=$(mktemp -d)
host_pid=""
cleanup() {
    [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true
    dpkg --purge ledgersync >/dev/null 2>&1 || true
    if [ "$user_existed" = no ] && getent passwd ledgersync >/dev/null; then
        userdel ledgersync >/dev/null 2>&1 || true
        getent group ledgersync >/dev/null && groupdel ledgersync >/dev/null 2>&1 || true
    fi
    [ "$state_existed" = no ] && rm -rf /var/lib/ledgersync
    rm -rf "$work"
}
trap cleanup EXIT

dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -i $(basename "$deb") failed"; }
echo "installed $(basename "$deb")"

# The service account: a system user and group, no login, its home the state directory.
IFS=: read -r _ _ uid gid _ home shell <<<"$(getent passwd ledgersync)" || fail "postinst made no ledgersync user"
[ "$uid" -lt 1000 ] || fail "ledgersync is uid $uid, not a system user"
[ "$(getent group ledgersync | cut -d: -f3)" = "$gid" ] || fail "ledgersync's primary group is not the ledgersync group"
[ "$home" = /var/lib/ledgersync ] || fail "ledgersync's home is $home, not /var/lib/ledgersync"
case "$shell" in */nologin | */false) ;; *) fail "ledgersync can log in (shell $shell)" ;; esac

expect_mode() { # path owner:group mode
    local got
    got=$(stat -c '%U:%G %a' "$1") || fail "$1 is missing"
    [ "$got" = "$2 $3" ] || fail "$1 is $got, expected $2 $3"
}
expect_mode /var/lib/ledgersync ledgersync:ledgersync 750
expect_mode /etc/ledgersync/ledgersync.json root:ledgersync 640
expect_mode /usr/bin/ledgersync root:root 755

/usr/bin/ledgersync --version | grep -Eq "^ledgersync ${version} \(plugin ABI" || fail "the installed binary does not print ${version}"
plugins=$(/usr/bin/ledgersync plugins list) || fail "plugins list failed"
for plugin in hubspot hubspot_payments quickbooks stripe qbo_invoice_rules field_mapping; do
    grep -Eq "/usr/lib/ledgersync/plugins/(lib)?${plugin}[a-z_]*\.so" <<<"$plugins" ||
        fail "plugins list does not show the installed ${plugin} plugin:
$plugins"
done
runuser -u ledgersync -- /usr/bin/ledgersync config check /etc/ledgersync/ledgersync.json ||
    fail "the ledgersync user cannot check its own configuration"
if command -v systemd-analyze >/dev/null 2>&1; then
    systemd-analyze verify /usr/lib/systemd/system/ledgersync.service || fail "systemd-analyze verify rejects the installed unit"
fi

# The host as the unit runs it: the service user, the packaged configuration (on a free port, in
# case this machine uses the default one), its database created in the state directory.
port=$((20000 + RANDOM % 40000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
config="$work/ledgersync.json"
sed "s/127\.0\.0\.1:8787/127.0.0.1:${port}/" /etc/ledgersync/ledgersync.json >"$config"
chmod 0755 "$work"
chmod 0644 "$config"
# setpriv execs the host itself (runuser would stay its parent and turn SIGTERM into 143).
setpriv --reuid=ledgersync --regid=ledgersync --init-groups /usr/bin/ledgersync run --config "$config" >"$work/host.log" 2>&1 &
host_pid=$!
healthy=no
for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1; then
        healthy=yes
        break
    fi
    kill -0 "$host_pid" 2>/dev/null || break
    sleep 0.1
done
[ "$healthy" = yes ] || { cat "$work/host.log" >&2; fail "the host run by the ledgersync user never answered /healthz"; }
kill -TERM "$host_pid"
host_status=0
wait "$host_pid" || host_status=$?
host_pid=""
[ "$host_status" -eq 0 ] || { cat "$work/host.log" >&2; fail "the host exited $host_status on SIGTERM"; }
[ -n "$(find /var/lib/ledgersync -maxdepth 1 -user ledgersync -type f)" ] ||
    fail "the host left no file of its own in /var/lib/ledgersync: $(ls -la /var/lib/ledgersync)"

# An upgrade (here a reinstall of the same package) keeps the operator's edits to the conffile.
sed -i 's/"level": "info"/"level": "warning"/' /etc/ledgersync/ledgersync.json
dpkg -i --force-confold "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "reinstalling failed"; }
grep -q '"level": "warning"' /etc/ledgersync/ledgersync.json || fail "reinstalling lost the edit to /etc/ledgersync/ledgersync.json"
expect_mode /etc/ledgersync/ledgersync.json root:ledgersync 640

# Remove keeps the configuration, purge removes it; the state directory (database, secrets key)
# outlives both, as docs/operations.md says.
dpkg -r ledgersync >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -r failed"; }
[ ! -e /usr/bin/ledgersync ] || fail "dpkg -r left /usr/bin/ledgersync"
[ -f /etc/ledgersync/ledgersync.json ] || fail "dpkg -r removed the configuration"
dpkg --purge ledgersync >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg --purge failed"; }
[ ! -e /etc/ledgersync/ledgersync.json ] || fail "dpkg --purge left the configuration"
[ -d /var/lib/ledgersync ] || fail "dpkg --purge removed /var/lib/ledgersync and the data in it"
echo "PASS: installed, ran as the ledgersync user, reinstalled, removed and purged $(basename "$deb")"
