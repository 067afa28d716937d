#!/usr/bin/env bash
# Builds the .deb from a build tree with cpack and checks it as a user would meet it, without
# installing it: control data and contents (dpkg-deb), Debian policy (lintian, no errors), and
# the binary run from a scratch root the package is extracted into. The .deb is left in OUT_DIR
# for deb_install_test.sh, which installs it.
# usage: deb_package_test.sh BUILD_DIR VERSION OUT_DIR
set -euo pipefail

build_dir=$1
version=$2
out_dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$out_dir"/ledgersync_*.deb

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

(cd "$build_dir" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(find "$work/out" -maxdepth 1 -name "ledgersync_${version}_*.deb" | head -n 1)
[ -n "$deb" ] || fail "cpack wrote no ledgersync_${version}_*.deb (found: $(ls "$work/out"))"
echo "built $(basename "$deb")"

info=$(dpkg-deb --info "$deb")
for field in "Package: ledgersync" "Version: ${version}" "Section: net" "Depends: .*adduser"; do
    grep -Eq "^ *${field}" <<<"$info" || fail "the control data lacks '${field}':
$info"
done
for member in postinst conffiles md5sums; do
    grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\*? *${member}" <<<"$info" || fail "the control archive lacks ${member}:
$info"
done

contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/ledgersync ./etc/ledgersync/ledgersync.json ./usr/lib/systemd/system/ledgersync.service \
    ./usr/share/doc/ledgersync/copyright ./usr/share/doc/ledgersync/changelog.gz \
    ./usr/share/doc/ledgersync/operations.md ./usr/share/ledgersync/routes/invoice-sync.json \
    ./usr/share/ledgersync/mappings/qbo-invoice-rules.json ./usr/share/ledgersync/mappings/invoice-fields.json; do
    grep -q " ${path}$" <<<"$contents" || fail "the package lacks ${path}"
done
grep -Eq "/ledgersync/plugins/[a-z_]+\.so$" <<<"$contents" || fail "the package holds no plugin"

# lintian: no errors (warnings and informational tags are printed for the reader).
lintian --fail-on error --tag-display-limit 0 "$deb" | tee "$work/lintian.log" || fail "lintian reports errors"

root="$work/root"
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin/ledgersync"
"$bin" --version | grep -Eq "^ledgersync ${version} \(plugin ABI" || fail "--version does not print ${version}"
plugins=$("$bin" plugins list) || fail "plugins list failed"
grep -q "$root/usr/" <<<"$plugins" || fail "plugins list found no plugin in the extracted package:
$plugins"
"$bin" config check "$root/etc/ledgersync/ledgersync.json" || fail "the packaged example config does not pass config check"
if command -v systemd-analyze >/dev/null 2>&1; then
    # The unit names /usr/bin/ledgersync, which only an installed package provides: the
    # extracted copy is checked with its paths pointed into the scratch root.
    sed "s|/usr/bin/ledgersync|$bin|g; s|/etc/ledgersync/|$root/etc/ledgersync/|g" \
        "$root/usr/lib/systemd/system/ledgersync.service" >"$work/ledgersync.service"
    systemd-analyze verify "$work/ledgersync.service" || fail "systemd-analyze verify rejects the unit"
fi
mkdir -p "$out_dir"
cp "$deb" "$out_dir/"
echo "PASS: $(basename "$deb")"
