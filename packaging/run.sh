#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and launch Flowscope — the
# desktop app when it is built and a display is present, otherwise the headless proxy
# on 127.0.0.1:8888. Arguments are passed to the program (e.g. --listen 127.0.0.1:9090).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash packaging/build.sh
BUILD_DIR="${FLOWSCOPE_BUILD_DIR:-build}"
if [ -x "$BUILD_DIR/ui/app/flowscope" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
    exec "$BUILD_DIR/ui/app/flowscope" "$@"
fi
exec "$BUILD_DIR/src/cli/flowscope-cli" proxy "$@"
