#!/usr/bin/env bash
# System packages Parallax needs on Debian or Ubuntu, to run the app and
# its tests: Vulkan on the CPU (lavapipe) where there is no GPU, OpenGL as
# the fallback, fonts for every script articles use, xmllint and Python
# for the tests that check exports with other tools' own readers, git,
# Xvfb for the window tests, and Chromium for the right-to-left test.
# Installs only what is missing; safe to re-run.
#
#   ./setup.sh            # as root, or with sudo available
set -euo pipefail

packages=(
    # Rendering: Vulkan on the CPU, OpenGL fallback, X11 and Wayland.
    libvulkan1 mesa-vulkan-drivers libgl1 libegl1 libgl1-mesa-dri
    libxkbcommon-x11-0 libwayland-client0
    # Fonts: Arabic, Hebrew and most scripts; Chinese, Japanese, Korean.
    fonts-noto-core fonts-noto-cjk
    # Test oracles and tools (Chromium: the browser right-to-left layout
    # is compared with).
    libxml2-utils python3 python3-pip python3-venv git xvfb xdotool chromium
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup.sh: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$(dirname "$0")/tests/oracles/fetch.sh"
