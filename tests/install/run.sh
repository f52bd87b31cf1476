#!/usr/bin/env bash
# The `install` test: installs libgelu from the source tree into a scratch prefix, then
# builds and runs tests/install/consumer.c against it two ways, as a user would:
#   (a) cc consumer.c $(pkg-config --cflags --libs gelu)     (shared library)
#   (b) a CMake project with find_package(gelu) linking gelu::gelu and gelu::gelu_static
# and checks what was installed (file names, SONAME, exported symbols).
#
# usage: run.sh SOURCE_DIR WORK_DIR [CC [CMAKE [GENERATOR [WERROR]]]]
set -euo pipefail

src=$(cd "$1" && pwd)
work=$2
cc=${3:-cc}
cmake=${4:-cmake}
generator=${5:-Unix Makefiles}
werror=${6:-ON}
jobs=$(nproc 2>/dev/null || echo 2)
here="$src/tests/install"

step() { printf '\n== install test: %s\n' "$*"; }
fail() { printf 'install test FAILED: %s\n' "$*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

step "configure, build and install libgelu into $prefix"
"$cmake" -S "$src" -B "$work/build" -G "$generator" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DGELU_BUILD_TESTS=OFF \
    -DGELU_BUILD_PYTHON=OFF \
    -DGELU_SANITIZE=OFF \
    -DGELU_WERROR="$werror"
"$cmake" --build "$work/build" -j"$jobs"
"$cmake" --install "$work/build"

step "check the installed files"
pc=$(find "$prefix" -name gelu.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || fail "no gelu.pc under $prefix"
libdir=$(dirname "$(dirname "$pc")")
for f in include/gelu.h share/doc/gelu/LICENSE; do
    [ -f "$prefix/$f" ] || fail "missing $prefix/$f"
done
[ -x "$prefix/bin/gelu" ] || fail "missing $prefix/bin/gelu (the command-line tool)"
"$prefix/bin/gelu" --version | grep -q '^gelu ' || fail "$prefix/bin/gelu --version failed"
for f in libgelu.a libgelu.so libgelu.so.1 cmake/gelu/geluConfig.cmake \
         cmake/gelu/geluConfigVersion.cmake cmake/gelu/geluTargets.cmake; do
    [ -e "$libdir/$f" ] || fail "missing $libdir/$f"
done
cmp -s "$prefix/share/doc/gelu/LICENSE" "$src/LICENSE" || fail "installed LICENSE differs"
grep -q '^# SPDX-License-Identifier: MIT' "$pc" || fail "gelu.pc does not name the license"
grep -q 'SPDX-License-Identifier: MIT' "$prefix/include/gelu.h" \
    || fail "the installed gelu.h has no SPDX line"
[ -L "$libdir/libgelu.so" ] || fail "$libdir/libgelu.so is not a symlink to the versioned file"
if command -v objdump >/dev/null 2>&1; then
    soname=$(objdump -p "$libdir/libgelu.so" | awk '$1 == "SONAME" { print $2 }')
    [ "$soname" = "libgelu.so.1" ] || fail "SONAME is '$soname', expected libgelu.so.1"
fi
if command -v nm >/dev/null 2>&1; then
    # Hidden visibility: the shared library exports the gelu_* and geglu_* API and nothing else.
    exported=$(nm -D --defined-only "$libdir/libgelu.so" | awk 'NF == 3 { print $3 }')
    extra=$(grep -Ev '^(gelu|geglu)_' <<<"$exported" \
            | grep -Ev '^(_init|_fini|_edata|_end|__bss_start)$' || true)
    [ -z "$extra" ] || fail "libgelu.so exports symbols outside the API: $extra"
    grep -qx 'gelu_forward_f32' <<<"$exported" \
        || fail "libgelu.so does not export gelu_forward_f32"
    # docs/design.md names the libm functions the library calls (each exact by IEEE 754).
    libm=$("$cc" -print-file-name=libm.so.6)
    if [ -f "$libm" ]; then
        from_libm=$(comm -12 \
            <(nm -D --undefined-only "$libdir/libgelu.so" | awk '{ print $2 }' | sed 's/@.*//' | sort -u) \
            <(nm -D --defined-only "$libm" | awk 'NF == 3 { print $3 }' | sed 's/@.*//' | sort -u) \
            | tr '\n' ' ')
        [ "$from_libm" = "fma fmaf ldexp nearbyint nextafterf " ] \
            || fail "libgelu.so calls libm's: $from_libm(docs/design.md lists fma fmaf ldexp nearbyint nextafterf)"
    fi
fi

step "(a) pkg-config consumer"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --exists --print-errors gelu
echo "gelu.pc: version $(pkg-config --modversion gelu); cflags: $(pkg-config --cflags gelu);" \
     "libs: $(pkg-config --libs gelu); static libs: $(pkg-config --static --libs gelu)"
# shellcheck disable=SC2046  # pkg-config's output is meant to be split into words
"$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$work/consumer_pc" \
    "$here/consumer.c" $(pkg-config --cflags --libs gelu)
LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$work/consumer_pc"

step "(b) CMake consumer: find_package(gelu), gelu::gelu and gelu::gelu_static"
"$cmake" -S "$here" -B "$work/consumer" -G "$generator" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_PREFIX_PATH="$prefix"
"$cmake" --build "$work/consumer" -j"$jobs"
exe() { find "$work/consumer" -type f -name "$1" -perm -u+x | head -n 1; }
shared_exe=$(exe consumer)
static_exe=$(exe consumer_static)
[ -n "$shared_exe" ] && [ -n "$static_exe" ] || fail "consumer executables not built"
# The CMake consumer finds libgelu.so through its build RPATH, without LD_LIBRARY_PATH.
"$shared_exe"
"$static_exe"
if command -v ldd >/dev/null 2>&1; then
    # (Output captured first: grep -q closing the pipe early would fail under pipefail.)
    deps=$(ldd "$shared_exe")
    grep -qF "=> $libdir/libgelu.so.1 " <<<"$deps" \
        || fail "consumer is not linked to the installed libgelu.so.1: $deps"
    deps=$(ldd "$static_exe")
    if grep -q libgelu <<<"$deps"; then
        fail "consumer_static loads libgelu.so"
    fi
fi

printf '\ninstall test: OK\n'
