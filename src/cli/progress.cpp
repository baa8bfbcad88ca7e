#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

namespace minidj::cli {

Progress::Progress(std::size_t total, std::FILE* stream)
    : total_(total), stream_(stream), terminal_(isatty(fileno(stream)) != 0),
      start_(std::chrono::steady_clock::now()) {}

double Progress::seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::step(const std::string& line) {
    ++done_;
    if (!terminal_) {
        fmt::print(stream_, "[{}/{}] {}\n", done_, total_, line);
        return;
    }
    // Redraw at most 10 times a second, and always for the last item.
    const auto now = std::chrono::steady_clock::now();
    if (done_ == total_ || now - last_draw_ > std::chrono::milliseconds(100)) {
        last_draw_ = now;
        draw();
    }
}

void Progress::draw() {
    constexpr int kWidth = 30;
    const double fraction = total_ ? double(done_) / double(total_) : 1.0;
    const int filled = int(fraction * kWidth);
    const double elapsed = seconds();
    const double rate = elapsed > 0 ? double(done_) / elapsed : 0.0;
    const double left = rate > 0 ? double(total_ - done_) / rate : 0.0;
    fmt::print(stream_, "\r[{}{}] {}/{}  {:.1f} tracks/s  {}:{:02d} left ", std::string(std::size_t(filled), '#'),
               std::string(std::size_t(kWidth - filled), '.'), done_, total_, rate, int(left) / 60,
               int(left) % 60);
    std::fflush(stream_);
}

void Progress::clear() {
    if (terminal_) {
        fmt::print(stream_, "\r\033[K");
        std::fflush(stream_);
    }
}

}  // namespace minidj::cli
