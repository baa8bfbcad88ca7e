#pragma once
// What `minidj play` reads on standard input: single keys from a terminal in raw mode (no
// Enter, no echo), or command lines from a program (--control stdin). The terminal's mode is
// restored when the object goes, and also when a crash signal arrives (the handler restores it,
// then lets the signal do what it would have).

#include <string>
#include <vector>

namespace minidj::cli {

class ControlInput {
public:
    enum class Mode { kKeys, kLines, kNone };
    explicit ControlInput(Mode mode);
    ~ControlInput();
    ControlInput(const ControlInput&) = delete;
    ControlInput& operator=(const ControlInput&) = delete;

    /// Waits up to `timeout_ms` for input; returns each key (kKeys) or line (kLines) that came.
    std::vector<std::string> poll(int timeout_ms);

private:
    Mode mode_;
    bool raw_ = false, open_ = true;
    std::string partial_;
};

}  // namespace minidj::cli
