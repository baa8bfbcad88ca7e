#pragma once
// Training (LibTorch) lives in a second executable, minidj-brain, beside minidj. Loading
// LibTorch costs about half a second and 160 MB at every start, which no other verb needs (the
// Brain scores in plain C++); minidj hands `train` over to minidj-brain with the same arguments
// (the process is replaced, so signals, exit status and output are the verb's own).

#include "cli/verbs.h"

namespace minidj::cli {

/// Remembers the command line, for handing it over unchanged.
void remember_arguments(int argc, char** argv);

/// A verb run by minidj-brain: listed in `minidj --help`; everything after it, --help included,
/// goes to minidj-brain.
Verb add_delegated_verb(CLI::App& app, const std::string& name, const std::string& description);

}  // namespace minidj::cli
