#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Flowscope builds and tests with, skipping those
# already present. Safe to run repeatedly.
set -euo pipefail

PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
    libboost1.81-dev libssl-dev libsqlite3-dev nlohmann-json3-dev libfmt-dev libcli11-dev
    zlib1g-dev libbrotli-dev libzstd-dev
    qt6-base-dev qt6-svg-dev libgl-dev
    libgtest-dev libgmock-dev libbenchmark-dev
)

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "flowscope: all build dependencies are installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "flowscope: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
