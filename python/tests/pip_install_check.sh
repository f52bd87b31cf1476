#!/bin/sh
# The README's install command for the Python module, checked end to end: pip builds a
# wheel from this checkout with the in-tree backend (python/build_backend.py: CMake, no
# network, no setuptools), installs it into a scratch directory (--target, so the system's
# Python is not touched), and a fresh interpreter imports gelu from there and runs it.
#
#   pip_install_check.sh PYTHON PYTHON_SOURCE_DIR SCRATCH_DIR
set -eu
py=$1
src=$(cd "$2" && pwd)   # a path, never read as a package name
scratch=$3

if ! "$py" -m pip --version >/dev/null 2>&1; then
    echo "pip_install_check: $py has no pip (Debian: apt-get install python3-pip)" >&2
    exit 1
fi
rm -rf "$scratch"
mkdir -p "$scratch"
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}
export CMAKE_BUILD_PARALLEL_LEVEL
"$py" -m pip install --no-build-isolation --no-deps --no-index --no-cache-dir \
    --target "$scratch/site" "$src"

# The wheel carries the MIT license: in its metadata and as a file.
for d in "$scratch"/site/gelu-*.dist-info; do
    grep -qx 'License: MIT' "$d/METADATA" || { echo "pip_install_check: no 'License: MIT' in $d/METADATA" >&2; exit 1; }
    cmp -s "$d/licenses/LICENSE" "$src/../LICENSE" || { echo "pip_install_check: $d/licenses/LICENSE missing or not the repository's" >&2; exit 1; }
done

cd "$scratch"
PYTHONPATH="$scratch/site" PYTHONNOUSERSITE=1 "$py" - "$scratch/site" <<'PYEOF'
import array, sys
import gelu
site = sys.argv[1]
assert gelu.__file__.startswith(site), f"imported {gelu.__file__}, not the installed copy"
y = gelu.gelu(array.array("f", [-10.0, -1.0, 0.0, 1.0]))
assert isinstance(y, array.array) and y.typecode == "f", y
assert y[0] < 0 and abs(y[0] + 7.6198530241605e-23) < 1e-29, y[0]       # tail kept
assert abs(y[3] - 0.8413447460685429) < 1e-7, y[3]
print(f"pip_install_check: gelu {gelu.__version__} ({gelu.isa()}) from {gelu.__file__}: ok")
PYEOF
