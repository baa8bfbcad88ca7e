#!/usr/bin/env bash
# The main job on a fresh machine: install, build (Release), run `minidj demo`.
# Extra arguments go to `minidj demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMINIDJ_TESTS=OFF >/dev/null
cmake --build build --target minidj
exec build/minidj demo "$@"
