#pragma once
// A track read forward as stereo at the mix's sample rate: decoder, resampler when the rates
// differ, mono duplicated to both sides. Reads at any frame index at or after the last one
// (skipping by decoding), with silence before the first frame and after the last.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "minidj/audio.h"
#include "minidj/result.h"

namespace minidj::render {

class DeckSource {
  public:
    static Result<std::unique_ptr<DeckSource>> open(const std::filesystem::path& path,
                                                    int out_rate);
    /// Writes `frames` stereo frames starting at source frame `first` (which must not go back
    /// before the previous read's start) into `out`.
    Status read(std::int64_t first, std::size_t frames, float* out);
    int source_rate() const { return decoder_->output_rate(); }

  private:
    DeckSource() = default;
    Status fill_until(
        std::int64_t first,
        std::int64_t end);  // decodes until `end` (or EOF), keeping frames from `first`

    std::unique_ptr<AudioDecoder> decoder_;
    std::unique_ptr<Resampler> resampler_;
    std::vector<float> buffer_;  // stereo frames from base_ on
    std::int64_t base_ = 0;
    bool at_end_ = false;
    std::vector<float> block_, converted_;
};

/// Reads stereo frames [first, first + frames) of a track at `out_rate` in one go (the overlap
/// segments; bounded by the overlap, never a whole track).
Result<std::vector<float>> read_segment(const std::filesystem::path& path, int out_rate,
                                        std::int64_t first, std::size_t frames);

}  // namespace minidj::render
