#!/usr/bin/env bash
# Compiles the SDK as a partner would, as C++17 with -Wall -Wextra -Werror -Wshadow -Wpedantic:
# every header of the canonical model on its own with g++ (each includes what it uses), and all
# of <ledgersync/sdk.hpp> with g++ and with clang++. The project builds its own code as C++20,
# so without this a C++20-only construct in a public header would go unnoticed.
# usage: check_sdk_headers_compile.sh SDK_INCLUDE_DIR GENERATED_INCLUDE_DIR
set -euo pipefail
include_dir=$1 generated_dir=$2
flags=(-std=c++17 -fsyntax-only -Wall -Wextra -Werror -Wshadow -Wpedantic -I "$include_dir" -I "$generated_dir")
status=0

compile() {  # compile <compiler> <header>
    if ! printf '#include <%s>\n' "$2" | "$1" "${flags[@]}" -x c++ -; then
        echo "FAILED: $2 does not compile on its own with $1 as C++17 without warnings"
        status=1
    fi
}

for cxx in g++ clang++; do
    command -v "$cxx" >/dev/null || { echo "FAILED: $cxx is not installed (bash scripts/setup.sh installs it)"; exit 1; }
done

for header in "$include_dir"/ledgersync/sdk/model/*.hpp; do
    compile g++ "ledgersync/sdk/model/$(basename "$header")"
done
for cxx in g++ clang++; do
    compile "$cxx" ledgersync/sdk.hpp
done
[ "$status" = 0 ] && echo "the SDK headers compile as C++17 with g++ and clang++ without warnings"
exit "$status"
