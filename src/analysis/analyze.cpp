// The public entry points of the analysis module.
#include <fmt/format.h>

#include <chrono>

#include "analysis/track_analyzer.h"
#include "minidj/analysis.h"

namespace minidj {

Status AnalysisOptions::validate() const {
    if (!(min_bpm >= 30.0 && min_bpm < max_bpm && max_bpm <= 300.0)) {
        return Error{fmt::format("analyze: tempo range {}..{} BPM is not within 30..300", min_bpm, max_bpm)};
    }
    if (!(preferred_bpm >= min_bpm && preferred_bpm <= max_bpm)) {
        return Error{fmt::format("analyze: preferred tempo {} BPM is outside {}..{}", preferred_bpm, min_bpm, max_bpm)};
    }
    if (!(max_duration_s > 0.0)) {
        return Error{fmt::format("analyze: maximum duration {} s is not positive", max_duration_s)};
    }
    return Ok{};
}

Result<TrackAnalysis> analyze_samples(const float* interleaved, std::size_t frames,
                                      int sample_rate, int channels,
                                      const AnalysisOptions& options) {
    if (auto valid = options.validate(); !valid) return valid.error();
    const auto start = std::chrono::steady_clock::now();
    auto analyzer = analysis::TrackAnalyzer::create(sample_rate, channels, options.rhythm == AnalysisOptions::RhythmReader::kNetwork);
    if (!analyzer) return analyzer.error();
    // Feed in blocks, as a decoder would, so both paths run the same code.
    constexpr std::size_t kBlock = 8192;
    for (std::size_t done = 0; done < frames; done += kBlock) {
        const std::size_t n = std::min(kBlock, frames - done);
        analyzer.value()->process(interleaved + done * std::size_t(channels), n);
    }
    TrackAnalysis out = analyzer.value()->finish(options);
    out.source.sample_rate = sample_rate;
    out.source.channels = channels;
    out.source.duration_s = out.duration_s;
    out.seconds_spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

namespace analysis {

Result<std::unique_ptr<TrackAnalyzer>> decode_into_analyzer(const std::filesystem::path& path,
                                                            const AnalysisOptions& options,
                                                            const std::atomic<bool>* cancel, bool keep_log_mel,
                                                            AudioInfo& source) {
    auto decoder = AudioDecoder::open(path);
    if (!decoder) return decoder.error();
    auto& dec = *decoder.value();
    auto analyzer = TrackAnalyzer::create(dec.output_rate(), dec.output_channels(), keep_log_mel);
    if (!analyzer) return Error{fmt::format("{}: {}", analyzer.error().message, printable_path(path))};

    std::vector<float> block;
    std::size_t total = 0;
    const double max_frames = options.max_duration_s * dec.output_rate();
    for (;;) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            return Error{fmt::format("analyze: {}: cancelled", printable_path(path))};
        }
        auto got = dec.read(block);
        if (!got) return got.error();
        if (got.value() == 0) break;
        analyzer.value()->process(block.data(), got.value());
        total += got.value();
        if (double(total) > max_frames) {
            return Error{fmt::format("analyze: {}: longer than {} s of audio (the limit for one track)",
                                     printable_path(path), options.max_duration_s)};
        }
    }
    if (total == 0) return Error{fmt::format("decode: {}: no audio samples in the file", printable_path(path))};
    source = dec.info();
    return std::move(analyzer.value());
}

}  // namespace analysis

Result<TrackAnalysis> analyze_file(const std::filesystem::path& path, const AnalysisOptions& options,
                                   const std::atomic<bool>* cancel) {
    if (auto valid = options.validate(); !valid) return valid.error();
    const auto start = std::chrono::steady_clock::now();
    AudioInfo source;
    auto analyzer = analysis::decode_into_analyzer(path, options, cancel, options.rhythm == AnalysisOptions::RhythmReader::kNetwork, source);
    if (!analyzer) return analyzer.error();
    TrackAnalysis out = analyzer.value()->finish(options);
    out.path = path.string();
    out.source = source;
    out.seconds_spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

}  // namespace minidj
