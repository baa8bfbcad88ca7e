// libFuzzer target: the bytes of one file through the product's own path for a file on disk,
// as `minidj analyze` takes it: the tags, then analyze_file() (AudioDecoder -> TrackAnalyzer).
// The decoder opens paths only, so each input is written to one temporary file per process.
// A clean error is a pass; a crash, a sanitizer report, a hang (-timeout) or an allocation
// past -malloc_limit_mb / -rss_limit_mb is a finding. See docs/fuzzing.md.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "minidj/analysis.h"
#include "minidj/audio.h"

namespace {

const std::filesystem::path& input_path() {
    static const std::filesystem::path path = [] {
        const char* dir = std::getenv("MINIDJ_FUZZ_TMP");
        std::filesystem::path base = dir ? dir : std::filesystem::temp_directory_path().string();
        return base / ("minidj-fuzz-" + std::to_string(getpid()));
    }();
    static const bool cleanup = [] {
        return std::atexit([] {
                   std::error_code ec;
                   std::filesystem::remove(input_path(), ec);
               }) == 0;
    }();
    (void)cleanup;
    return path;
}

// Per input, at most this much decoded audio is analysed: fuzz inputs are a few seconds, and a
// tiny file that decodes to hours (a FLAC of constant frames) must end in the product's clean
// "too long" error, not in a timeout.
constexpr double kFuzzMaxDurationS = 60.0;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& path = input_path();
    {
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    }
    (void)minidj::AudioDecoder::read_tags(path);
    minidj::AnalysisOptions options;
    options.max_duration_s = kFuzzMaxDurationS;
    auto analysis = minidj::analyze_file(path, options);
    if (analysis.ok()) {
        // Touch the result: a NaN or an inconsistent grid is not a crash, but the JSON writer
        // and the library read these fields next.
        volatile double sink = analysis->duration_s + analysis->grid.bpm +
                               analysis->loudness.integrated_lufs + analysis->brightness_hz;
        (void)sink;
        if (analysis->beat_features.rows() != analysis->grid.beats.size()) std::abort();
    }
    return 0;
}
