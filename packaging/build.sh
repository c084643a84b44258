#!/usr/bin/env bash
# Configures and builds Flowscope into ./build (or $FLOWSCOPE_BUILD_DIR). Extra arguments
# go to CMake, e.g. -DFLOWSCOPE_ASAN=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${FLOWSCOPE_BUILD_DIR:-build}"
JOBS="${FLOWSCOPE_JOBS:-$(nproc)}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${FLOWSCOPE_BUILD_TYPE:-RelWithDebInfo}" "$@"
cmake --build "$BUILD_DIR" -j "$JOBS"
