#!/usr/bin/env bash
# Builds the decoder + analyser fuzz target with clang (libFuzzer, ASan, UBSan) and runs it.
#   bash fuzz/run.sh [SECONDS [LIBFUZZER_FLAGS...]]   (default 3600 s; log: fuzz/out/fuzz.log)
# One process. The corpus grows in fuzz/out/corpus (seeds from fuzz/make_seeds.sh stay in
# fuzz/out/seeds/*); crashers, hangs (-timeout) and out-of-memory inputs land in
# fuzz/out/artifacts/. Re-running resumes from the grown corpus. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-3600}
shift || true
build=${BUILD_DIR:-build-fuzz}
out=fuzz/out
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMINIDJ_FUZZ=ON "${launcher[@]}" >/dev/null
fi
cmake --build "$build" -j "${JOBS:-1}" --target fuzz_decode_analyze
mkdir -p "$out/corpus" "$out/artifacts"
if [[ ! -d "$out/seeds" ]]; then
    # Synthetic seeds always; with a minidj binary (MINIDJ=path, or build/minidj), seeds cut
    # from `minidj gen` music as well.
    bash fuzz/make_seeds.sh "$out/seeds/synth" >/dev/null
    minidj=${MINIDJ:-build/minidj}
    [[ -x "$minidj" ]] && bash fuzz/make_seeds.sh "$out/seeds/gen" "$minidj" >/dev/null
fi
tmp=/tmp
[[ -d /dev/shm && -w /dev/shm ]] && tmp=/dev/shm
# -timeout: an input taking 10 s is a hang (seeds take ~30 ms). -rss_limit_mb and
# -malloc_limit_mb: a few-KiB input that makes the process use 2 GiB, or ask for 1 GiB in one
# malloc, is an unbounded allocation.
MINIDJ_FUZZ_TMP=$tmp \
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/fuzz_decode_analyze" "$out/corpus" "$out"/seeds/* \
    -dict=fuzz/audio.dict -max_len=65536 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/artifacts/" "$@" \
    2>&1 | tee -a "$out/fuzz.log"
