#!/usr/bin/env bash
# The partner's path, end to end, against an installed ledgersync only:
#  1. installs the whole project into a scratch prefix and checks that the installed host finds
#     its own plugins with no flags (relocatable) and says where it looked;
#  2. runs the walk-through of docs/sdk.md exactly as written (every `sh walkthrough` block, every
#     `file=` block), with clang++: template copied into an empty folder, a mapper written,
#     tested with the SDK's test kit, run offline with `ledgersync map`, installed, loaded by
#     `config check` and by a running host;
#  3. checks that `config check` reports a mapper's missing key, unknown key, unknown id and
#     refused ABI at their JSON paths with exit code 3;
#  4. checks that the SDK's build-time manifest checks stop a wrong "abi" and a code/manifest
#     mismatch with clear messages.
# usage: partner_path_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd) source_dir=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
expect_in() {  # expect_in TEXT NEEDLE WHAT; whitespace runs compare as one space (CMake wraps messages)
    local text needle
    text=$(printf '%s' "$1" | tr -s ' \n' '  ') needle=$(printf '%s' "$2" | tr -s ' \n' '  ')
    grep -qF -- "$needle" <<<"$text" || { printf '%s\n' "$1" >&2; fail "$3: expected to see: $2"; }
}

prefix="$work/prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
ledgersync="$prefix/bin/ledgersync"
plugin_dir="$prefix/lib/ledgersync/plugins"
[ -d "$plugin_dir" ] || plugin_dir=$(dirname "$(find "$prefix" -name quickbooks.manifest.json | head -n1)")

# -- 1. the installed host finds its own plugins, with no flags ------------------------------
(cd / && env -u LEDGERSYNC_PLUGIN_PATH "$ledgersync" plugins list) >"$work/list.txt"
list=$(cat "$work/list.txt")
expect_in "$list" "quickbooks" "plugins list on the installed host lists the built-in QuickBooks plugin"
expect_in "$list" "searched, in order:" "plugins list says where it looked"
expect_in "$list" "$plugin_dir" "plugins list names the installed plugin directory"
test -f "$prefix/share/doc/ledgersync/sdk.md" || fail "docs/sdk.md is not installed under share/doc/ledgersync"
test -f "$prefix/share/doc/ledgersync/model.md" || fail "docs/model.md is not installed under share/doc/ledgersync"

# -- 2. docs/sdk.md's walk-through, as written -------------------------------------------------
script="$work/walkthrough.sh"
{
    echo 'set -euxo pipefail'
    awk '
        /^```/ {
            if (!inside) {
                inside = 1; mode = ""; info = substr($0, 4)
                if (info ~ /^sh walkthrough/) { mode = "sh" }
                else if (match(info, /file=[^ ]+/)) {
                    mode = "file"; path = substr(info, RSTART + 5, RLENGTH - 5)
                    printf "mkdir -p \"$(dirname %s)\"\ncat > %s <<'"'"'LEDGERSYNC_WALKTHROUGH_EOF'"'"'\n", path, path
                }
            } else {
                if (mode == "file") print "LEDGERSYNC_WALKTHROUGH_EOF"
                inside = 0; mode = ""
            }
            next
        }
        inside && mode != "" { print }
    ' "$source_dir/docs/sdk.md"
} >"$script"
grep -q 'ledgersync run' "$script" || fail "no walk-through found in docs/sdk.md"
mkdir "$work/partner"
(cd "$work/partner" && env -u LEDGERSYNC_PLUGIN_PATH LEDGERSYNC_PREFIX="$prefix" PATH="$prefix/bin:$PATH" \
    CC=clang CXX=clang++ CMAKE_GENERATOR=Ninja bash "$script") >"$work/walkthrough.log" 2>&1 ||
    { cat "$work/walkthrough.log" >&2; fail "the walk-through of docs/sdk.md did not run as written"; }
project="$work/partner/acme-plugins"
readelf -p .comment "$project/build/plugins/po_memo.so" | grep -q clang || fail "the walk-through's mapper was not built by clang"
test -f "$plugin_dir/po_memo.so" -a -f "$plugin_dir/po_memo.manifest.json" ||
    fail "cmake --install did not put the partner's plugin in the host's plugin directory"
grep -q '"abi"' "$plugin_dir/po_memo.manifest.json" || fail "the installed manifest has no abi filled in"
list=$(cd / && env -u LEDGERSYNC_PLUGIN_PATH "$ledgersync" plugins list)
expect_in "$list" "po_memo" "plugins list shows the installed partner plugin"
expect_in "$list" "memo_prefix" "plugins list shows the template's mapper"

# -- 3. config check loads route mappers and reports their problems at their paths -----------
cd "$project"
check_config() {  # check_config NAME VIA_JSON -> sets out, code
    sed "s|\"via\": \\[.*\\]}|\"via\": [$2]}|" host.json >"bad-$1.json"
    set +e
    out=$("$ledgersync" config check "bad-$1.json" 2>&1)
    code=$?
    set -e
    [ "$code" = 3 ] || { printf '%s\n' "$out" >&2; fail "config check with $1 exited $code, expected 3"; }
}
check_config missing_key '{"mapper": "po_memo", "config": {}}'
expect_in "$out" '/routes/0/via/0/config/field: required key is missing' "a mapper's missing key"
check_config unknown_key '{"mapper": "po_memo", "config": {"field": "PO", "requird": false}}'
expect_in "$out" '/routes/0/via/0/config/requird: unknown key; did you mean "required"?' "a mapper's unknown key"
check_config unknown_mapper '{"mapper": "po_meme", "config": {}}'
expect_in "$out" "/routes/0/via/0/mapper: no mapper plugin 'po_meme' was found" "an unknown mapper"
expect_in "$out" "did you mean 'po_memo'?" "an unknown mapper's suggestion"
newer="$work/newer-plugins"
mkdir -p "$newer"
cp "$plugin_dir/po_memo.so" "$newer/po_newer.so"
sed -e 's/"id" *: *"po_memo"/"id": "po_newer"/' -e 's/"abi" *: *"[0-9.]*"/"abi": "1.99"/' \
    "$plugin_dir/po_memo.manifest.json" >"$newer/po_newer.manifest.json"
sed "s|\"connections\"|\"plugins\": {\"paths\": [\"$newer\"]}, \"connections\"|" host.json >host-newer.json
sed "s|\"via\": \\[.*\\]}|\"via\": [{\"mapper\": \"po_newer\", \"config\": {\"field\": \"PO\"}}]}|" host-newer.json >bad-abi.json
set +e; out=$("$ledgersync" config check bad-abi.json 2>&1); code=$?; set -e
[ "$code" = 3 ] || { printf '%s\n' "$out" >&2; fail "config check with a refused mapper ABI exited $code, expected 3"; }
expect_in "$out" "/routes/0/via/0/mapper:" "a refused mapper is reported at its path"
expect_in "$out" "plugin was built for ABI 1.99, newer than this host's ABI" "a refused mapper's reason"
list=$("$ledgersync" plugins list --plugin-dir "$newer")
expect_in "$list" "refused, the host cannot load these:" "plugins list marks a plugin the host cannot load"
expect_in "$list" "po_newer: plugin was built for ABI 1.99" "plugins list gives the reason"

# -- 4. the SDK's build-time manifest checks -------------------------------------------------
broken="$work/broken"
cp -r "$project/po_memo" "$broken"
cat >"$broken/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(broken LANGUAGES CXX)
find_package(LedgerSyncSDK 1.0 REQUIRED)
ledgersync_add_plugin(po_memo_mapper MANIFEST manifest.json SOURCES po_memo_mapper.cpp OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugins")
EOF
sed -i 's/"version": "1.0.0",/"version": "1.0.0", "abi": "1.2.0",/' "$broken/manifest.json"
set +e; out=$(cmake -S "$broken" -B "$broken/build" -DCMAKE_PREFIX_PATH="$prefix" 2>&1); code=$?; set -e
[ "$code" != 0 ] || fail "a manifest with \"abi\": \"1.2.0\" configured without error"
expect_in "$out" '"abi": "1.2.0" is not an ABI version; write MAJOR.MINOR' "a malformed manifest abi"
sed -i -e 's/, "abi": "1.2.0"//' -e 's/"version": "1.0.0"/"version": "1.0.1"/' "$broken/manifest.json"
rm -rf "$broken/build"
cmake -S "$broken" -B "$broken/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
set +e; out=$(cmake --build "$broken/build" 2>&1); code=$?; set -e
[ "$code" != 0 ] || fail "a plugin whose code says version 1.0.0 and manifest 1.0.1 built without error"
expect_in "$out" 'the version given to the export macro differs from "version" in the manifest' "a version mismatch"

echo "partner path: all checks passed"
