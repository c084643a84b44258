#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build with warnings as errors, and run
# every test through CTest. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash packaging/build.sh -DFLOWSCOPE_WERROR=ON -DFLOWSCOPE_BUILD_TESTS=ON
BUILD_DIR="${FLOWSCOPE_BUILD_DIR:-build}"
cd "$BUILD_DIR"
ctest --output-on-failure -j "${FLOWSCOPE_TEST_JOBS:-2}" --timeout 600
