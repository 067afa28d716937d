#!/usr/bin/env bash
# Installs the SDK from this build into a scratch prefix, builds the SDK's template project out
# of tree with clang++ (find_package(LedgerSyncSDK) from the installed prefix, exactly as a
# partner does), checks that clang really compiled it, then loads it into the g++-built host.
# usage: build_with_clang_and_load.sh BUILD_DIR SOURCE_DIR TEST_BINARY
set -euo pipefail
build_dir=$1 source_dir=$2 test_binary=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" --component sdk >/dev/null
template="$work/prefix/share/ledgersync/plugin-template"
test -f "$template/CMakeLists.txt" || { echo "the SDK did not install its template"; exit 1; }

cmake -S "$template" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
# The template's own mapper test (the SDK's test kit), as a partner runs it.
ctest --test-dir "$work/build" --output-on-failure >/dev/null || { echo "the template's own tests failed"; exit 1; }

for plugin in file_drop memo_prefix; do
    so="$work/build/plugins/$plugin.so"
    readelf -p .comment "$so" | grep -q clang || { echo "$so was not built by clang"; exit 1; }
    exported=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -c ledgersync_ || true)
    [ "$exported" = 1 ] || { echo "$so exports $exported ledgersync symbols, expected only the entry point"; exit 1; }
done
readelf -p .comment "$test_binary" | grep -q GCC || { echo "the host test binary was not built by g++"; exit 1; }

LEDGERSYNC_PARTNER_PLUGIN_DIR="$work/build/plugins" "$test_binary"
