# Cross-compiling libgelu for 64-bit Arm Linux with Debian's cross toolchain, and running
# its tests under user-mode QEMU.  Used by `make cross-aarch64`; by hand:
#
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=$PWD/cmake/toolchain-aarch64-linux-gnu.cmake \
#         [-DGELU_IDENTITY_REFERENCE=$PWD/build/tests/cross/identity_sample]
#   cmake --build build-aarch64 && ctest --test-dir build-aarch64
#
# A cross build has only the tests that need nothing from the host (tests/CMakeLists.txt:
# api and tests/cross); the MPFR proofs and the install test are left out.
#
# Debian packages: gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user (or
# qemu-user-static).  Override with -DGELU_CROSS_PREFIX=<triple>- (compiler prefix),
# -DGELU_CROSS_SYSROOT=<dir> (the target's libraries, for QEMU's -L and the find_* root)
# or -DGELU_QEMU=<path>.
#
# CMAKE_CROSSCOMPILING_EMULATOR makes CTest (and add_test with a target as its command)
# run the aarch64 test programs as  qemu-aarch64 -L <sysroot> <program> <args>.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(GELU_CROSS_PREFIX "aarch64-linux-gnu-" CACHE STRING "Cross compiler prefix")
set(GELU_CROSS_SYSROOT "/usr/aarch64-linux-gnu" CACHE PATH
    "The target's headers and libraries (Debian: libc6-dev-arm64-cross)")

# The toolchain file is read again for every try_compile; a cached result keeps it quiet.
if(NOT CMAKE_C_COMPILER)
  find_program(GELU_CROSS_CC NAMES "${GELU_CROSS_PREFIX}gcc")
  if(NOT GELU_CROSS_CC)
    message(FATAL_ERROR "${GELU_CROSS_PREFIX}gcc not found "
                        "(Debian: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross)")
  endif()
  set(CMAKE_C_COMPILER "${GELU_CROSS_CC}")
endif()

# Headers and libraries from the target's tree only; programs (bash, qemu) from the host.
set(CMAKE_FIND_ROOT_PATH "${GELU_CROSS_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(GELU_QEMU NAMES qemu-aarch64 qemu-aarch64-static)
if(GELU_QEMU)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${GELU_QEMU};-L;${GELU_CROSS_SYSROOT}")
else()
  message(WARNING "qemu-aarch64 not found (Debian: apt-get install qemu-user): the "
                  "aarch64 tests build but cannot run here")
endif()
