#pragma once
// Ctrl-C (SIGINT) and SIGTERM set a flag that long runs poll, so they stop cleanly: finished
// work is kept, partial outputs are removed.

#include <atomic>

namespace minidj::cli {

/// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& interrupt_flag();

}  // namespace minidj::cli
