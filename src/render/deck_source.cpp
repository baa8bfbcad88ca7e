#include "render/deck_source.h"

#include <algorithm>
#include <cstring>

namespace minidj::render {

Result<std::unique_ptr<DeckSource>> DeckSource::open(const std::filesystem::path& path,
                                                     int out_rate) {
    auto decoder = AudioDecoder::open(path);
    if (!decoder) return decoder.error();
    std::unique_ptr<DeckSource> deck(new DeckSource());
    deck->decoder_ = std::move(decoder.value());
    const int channels = deck->decoder_->output_channels();
    if (deck->decoder_->output_rate() != out_rate || channels != 2) {
        auto resampler = Resampler::create(deck->decoder_->output_rate(), channels, out_rate, 2);
        if (!resampler) return resampler.error();
        deck->resampler_ = std::move(resampler.value());
    }
    return deck;
}

Status DeckSource::fill_until(std::int64_t first, std::int64_t end) {
    while (!at_end_ && base_ + std::int64_t(buffer_.size() / 2) < end) {
        auto got = decoder_->read(block_);
        if (!got) return got.error();
        if (got.value() == 0) {
            at_end_ = true;
            if (resampler_) resampler_->process(nullptr, 0, buffer_);
            break;
        }
        if (resampler_) {
            resampler_->process(block_.data(), got.value(), buffer_);
        } else {
            buffer_.insert(buffer_.end(), block_.begin(),
                           block_.begin() + std::ptrdiff_t(2 * got.value()));
        }
        // Skipping ahead keeps nothing before `first`: memory stays one block, not a track.
        const std::int64_t drop =
            std::clamp<std::int64_t>(first - base_, 0, std::int64_t(buffer_.size() / 2));
        if (drop > 0) {
            buffer_.erase(buffer_.begin(), buffer_.begin() + std::ptrdiff_t(2 * drop));
            base_ += drop;
        }
    }
    return Ok{};
}

Status DeckSource::read(std::int64_t first, std::size_t frames, float* out) {
    std::memset(out, 0, sizeof(float) * 2 * frames);
    const std::int64_t end = first + std::int64_t(frames);
    if (end <= 0) return Ok{};
    if (auto s = fill_until(first, end); !s) return s;
    const std::int64_t have_end = base_ + std::int64_t(buffer_.size() / 2);
    const std::int64_t lo = std::max({first, base_, std::int64_t(0)});
    const std::int64_t hi = std::min(end, have_end);
    if (hi > lo) {
        std::copy(buffer_.begin() + std::ptrdiff_t(2 * (lo - base_)),
                  buffer_.begin() + std::ptrdiff_t(2 * (hi - base_)), out + 2 * (lo - first));
    }
    // Forget what lies before this read: reads only move forward.
    const std::int64_t drop = std::clamp<std::int64_t>(first - base_, 0, have_end - base_);
    if (drop > 65536) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + std::ptrdiff_t(2 * drop));
        base_ += drop;
    }
    return Ok{};
}

Result<std::vector<float>> read_segment(const std::filesystem::path& path, int out_rate,
                                        std::int64_t first, std::size_t frames) {
    auto deck = DeckSource::open(path, out_rate);
    if (!deck) return deck.error();
    std::vector<float> out(2 * frames);
    if (auto s = deck.value()->read(first, frames, out.data()); !s) return s.error();
    return out;
}

}  // namespace minidj::render
