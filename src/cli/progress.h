#pragma once
// Progress of a long run: a redrawn bar on a terminal, plain log lines in a pipe.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace minidj::cli {

class Progress {
public:
    /// Writes to `stream` (stderr normally); draws a bar only when it is a terminal.
    Progress(std::size_t total, std::FILE* stream = stderr);
    /// One item finished; `line` is what a pipe sees for it.
    void step(const std::string& line);
    /// Clears the bar before other output is printed, so they do not interleave.
    void clear();
    double seconds() const;

private:
    void draw();

    std::size_t total_;
    std::size_t done_ = 0;
    std::FILE* stream_;
    bool terminal_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace minidj::cli
