"""PEP 517 build backend for the gelu Python module (standard library only).

pip calls build_wheel(); it configures this repository with CMake in a temporary directory,
builds the extension target gelu_python (the C library linked in statically), and zips the
package python/gelu/ with the built _native extension into a wheel for this interpreter.

Nothing is downloaded: the backend needs no Python package, only cmake (>= 3.20), a C
compiler and this interpreter's headers.  Environment variables it honours:
  GELU_CMAKE_ARGS              extra arguments for the CMake configure step (split on spaces)
  CMAKE_BUILD_PARALLEL_LEVEL   parallel jobs (default: the number of CPUs)
  GELU_BUILD_DIR               keep the CMake build in this directory instead of a temporary one

Only wheels are built (build_sdist is not offered): the module's C sources live beside the
library's, one directory up, so the source distribution is the repository itself.
"""

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parent
REPO_DIR = PYTHON_DIR.parent
NAME = "gelu"


def _version():
    header = REPO_DIR / "include" / "gelu.h"
    if not header.is_file():
        raise RuntimeError(
            f"gelu build: {header} not found.  The module is built from a libgelu checkout, "
            "in place: pip >= 21.3 does that (python3 -m pip install --no-build-isolation "
            "./python); older pip copies python/ alone to a temporary directory (upgrade pip, "
            "or with pip 21.1-21.2 add --use-feature=in-tree-build)")
    text = header.read_text(encoding="utf-8")
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(rf"^#define GELU_VERSION_{part} +(\d+)", text, re.M)
        if not m:
            raise RuntimeError(f"gelu build: no GELU_VERSION_{part} in {header}")
        parts.append(m.group(1))
    return ".".join(parts)


def _wheel_tag():
    """The most specific tag of this interpreter: cpXY-cpXY<abiflags>-<platform>."""
    if sys.implementation.name != "cpython":
        raise RuntimeError("gelu build: the module is a CPython C extension; "
                           f"this is {sys.implementation.name}")
    py = f"cp{sys.version_info[0]}{sys.version_info[1]}"
    abi = py + getattr(sys, "abiflags", "")
    plat = re.sub(r"[^A-Za-z0-9_]", "_", sysconfig.get_platform())
    return f"{py}-{abi}-{plat}"


def _metadata(version):
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\n"
            "Summary: GELU (exact, tanh, sigmoid) and ReLU on numpy arrays and torch "
            "tensors, with libgelu's proven-accurate SIMD kernels\n"
            "Requires-Python: >=3.9\n"
            "License: MIT\n"
            "Classifier: License :: OSI Approved :: MIT License\n"
            "License-File: LICENSE\n")


def _run(cmd, cwd=None):
    print("gelu build:", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=cwd, check=True)


def _build_extension(build_dir):
    """Configures and builds the gelu_python target; returns the built package directory."""
    cmake = shutil.which("cmake")
    if cmake is None:
        raise RuntimeError("gelu build: cmake not found on PATH (Debian: apt-get install cmake)")
    configure = [cmake, "-S", REPO_DIR, "-B", build_dir,
                 "-DCMAKE_BUILD_TYPE=Release",
                 f"-DPython3_EXECUTABLE={sys.executable}",
                 "-DGELU_BUILD_PYTHON=ON", "-DGELU_PYTHON_REQUIRED=ON",
                 "-DGELU_BUILD_TESTS=OFF", "-DGELU_BUILD_BENCH=OFF",
                 # A user's newer compiler may warn where ours does not: no -Werror here.
                 "-DGELU_WERROR=OFF"]
    configure += os.environ.get("GELU_CMAKE_ARGS", "").split()
    _run(configure)
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
    _run([cmake, "--build", build_dir, "--target", "gelu_python", "--parallel", jobs])
    package = Path(build_dir) / "python" / NAME
    if not (package / _extension_name()).is_file():
        raise RuntimeError(f"gelu build: no {_extension_name()} in {package} after the build")
    return package


def _extension_name():
    """_native plus this interpreter's suffix (.cpython-311-x86_64-linux-gnu.so)."""
    return "_native" + sysconfig.get_config_var("EXT_SUFFIX")


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def _write_wheel(wheel_directory, package, version):
    tag = _wheel_tag()
    dist_info = f"{NAME}-{version}.dist-info"
    wheel_name = f"{NAME}-{version}-{tag}.whl"
    files = []
    for path in sorted(package.iterdir()):
        if path.is_file() and (path.suffix == ".py" or path.name == _extension_name()):
            files.append((f"{NAME}/{path.name}", path.read_bytes()))
    files.append((f"{dist_info}/METADATA", _metadata(version).encode()))
    # The license travels with every copy of the module (PEP 639 puts it in dist-info).
    files.append((f"{dist_info}/licenses/LICENSE", (Path(REPO_DIR) / "LICENSE").read_bytes()))
    files.append((f"{dist_info}/WHEEL",
                  (f"Wheel-Version: 1.0\nGenerator: gelu build_backend\n"
                   f"Root-Is-Purelib: false\nTag: {tag}\n").encode()))
    record = [_record_line(name, data) for name, data in files]
    record.append(f"{dist_info}/RECORD,,")
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    target = Path(wheel_directory) / wheel_name
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if name.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return wheel_name


# ---- PEP 517 hooks ---------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    keep = os.environ.get("GELU_BUILD_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return _write_wheel(wheel_directory, _build_extension(keep), version)
    with tempfile.TemporaryDirectory(prefix="gelu-build-") as build_dir:
        return _write_wheel(wheel_directory, _build_extension(build_dir), version)
