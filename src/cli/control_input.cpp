#include "cli/control_input.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <thread>

namespace minidj::cli {
namespace {

struct termios saved_mode;
volatile std::sig_atomic_t mode_saved = 0;

void restore_terminal() {
    if (mode_saved) tcsetattr(STDIN_FILENO, TCSANOW, &saved_mode);
}

extern "C" void restore_and_reraise(int signal) {
    restore_terminal();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

}  // namespace

ControlInput::ControlInput(Mode mode) : mode_(mode) {
    if (mode_ != Mode::kKeys || !isatty(STDIN_FILENO)) return;
    if (tcgetattr(STDIN_FILENO, &saved_mode) != 0) return;
    mode_saved = 1;
    for (int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGQUIT, SIGHUP}) std::signal(s, restore_and_reraise);
    struct termios raw = saved_mode;
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO);  // Ctrl-C still raises SIGINT: it fades out like q
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    raw_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
}

ControlInput::~ControlInput() {
    if (raw_) restore_terminal();
}

std::vector<std::string> ControlInput::poll(int timeout_ms) {
    std::vector<std::string> out;
    if (mode_ == Mode::kNone || !open_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        return out;
    }
    struct pollfd fd{STDIN_FILENO, POLLIN, 0};
    if (::poll(&fd, 1, timeout_ms) <= 0 || !(fd.revents & (POLLIN | POLLHUP))) return out;
    char buffer[256];
    const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) {  // the end of the input: nothing more will come, play on
        open_ = false;
        return out;
    }
    if (mode_ == Mode::kKeys) {
        for (ssize_t i = 0; i < n; ++i) out.emplace_back(1, buffer[i]);
        return out;
    }
    partial_.append(buffer, std::size_t(n));
    for (std::size_t end; (end = partial_.find('\n')) != std::string::npos;) {
        out.push_back(partial_.substr(0, end));
        partial_.erase(0, end + 1);
    }
    return out;
}

}  // namespace minidj::cli
