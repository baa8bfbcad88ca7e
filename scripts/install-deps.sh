#!/usr/bin/env bash
# Installs the Debian 12 packages minidj needs to build, test and run (idempotent).
# Runs apt-get as root (directly, or through sudo when available).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libavformat-dev libavcodec-dev libswresample-dev libavutil-dev
  libfftw3-dev libebur128-dev libsqlite3-dev zlib1g-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  librubberband-dev rubberband-cli libcairo2-dev libtorch-dev
  portaudio19-dev jackd2
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]})) || exit 0
echo "minidj: installing ${missing[*]}" >&2
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "minidj: run as root (apt-get needs it) or install sudo" >&2; exit 1; }
  as_root=(sudo)
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
