#!/usr/bin/env bash
# The `subproject` test: libgelu built inside another project with add_subdirectory(), in
# the two ways a user's build most often differs from ours:
#   (a) no CMAKE_BUILD_TYPE at all (no optimisation flags), libgelu's defaults;
#   (b) CMAKE_BUILD_TYPE=Debug (-O0) with GELU_WERROR=ON, so that a warning that only
#       appears without optimisation (intrinsics are macros at -O0) fails the test.
# Each builds libgelu's default targets and tests/install/consumer.c linked to gelu::gelu
# and gelu::gelu_static, then runs both consumers.
#
# usage: run.sh SOURCE_DIR WORK_DIR [CC [CMAKE [GENERATOR]]]
set -euo pipefail

src=$(cd "$1" && pwd)
work=$2
cc=${3:-cc}
cmake=${4:-cmake}
generator=${5:-Unix Makefiles}
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n== subproject test: %s\n' "$*"; }
fail() { printf 'subproject test FAILED: %s\n' "$*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"

build_and_run() {
    local name=$1; shift
    step "$name: configure $*"
    "$cmake" -S "$src/tests/subproject" -B "$work/$name" -G "$generator" \
        -DCMAKE_C_COMPILER="$cc" -DGELU_SOURCE_DIR="$src" "$@"
    step "$name: build"
    "$cmake" --build "$work/$name" -j"$jobs"
    local exe
    for exe in consumer consumer_static; do
        local path
        path=$(find "$work/$name" -maxdepth 1 -type f -name "$exe" -perm -u+x)
        [ -n "$path" ] || fail "$name: $exe not built"
        "$path" || fail "$name: $exe failed"
    done
}

build_and_run no-build-type
grep -q '^GELU_WERROR:BOOL=OFF$' "$work/no-build-type/CMakeCache.txt" \
    || fail "GELU_WERROR is not OFF by default in a subproject"
build_and_run debug-werror -DCMAKE_BUILD_TYPE=Debug -DGELU_WERROR=ON -DGELU_EXPECT_WERROR=ON

printf '\nsubproject test: OK\n'
