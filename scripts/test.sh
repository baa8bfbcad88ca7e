#!/usr/bin/env bash
# Builds with warnings as errors and ASan/UBSan, then runs the unit suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DMINIDJ_WERROR=ON -DMINIDJ_SANITIZE=ON -DMINIDJ_TESTS=ON >/dev/null
cmake --build build-test -j "$jobs"
cd build-test
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/../tests/lsan.supp ctest --output-on-failure -j "$jobs" --timeout 600
