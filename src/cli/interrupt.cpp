#include "cli/interrupt.h"

#include <csignal>

namespace minidj::cli {
namespace {
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");
extern "C" void on_signal(int) { interrupted.store(true); }
}  // namespace

const std::atomic<bool>& interrupt_flag() {
    static const bool installed = [] {
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        return true;
    }();
    (void)installed;
    return interrupted;
}

}  // namespace minidj::cli
