#include "cli/delegate.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace minidj::cli {
namespace {

int saved_argc = 0;
char** saved_argv = nullptr;

// minidj-brain in the folder of this executable (not found via PATH: the two are one program).
std::filesystem::path brain_executable() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (ec ? std::filesystem::path(saved_argv[0]) : self).parent_path() / "minidj-brain";
}

}  // namespace

void remember_arguments(int argc, char** argv) {
    saved_argc = argc;
    saved_argv = argv;
}

Verb add_delegated_verb(CLI::App& app, const std::string& name, const std::string& description) {
    auto* cmd = app.add_subcommand(name, description);
    cmd->prefix_command();   // every later argument is minidj-brain's to read
    cmd->set_help_flag();    // --help too
    return {cmd, [] {
                const auto brain = brain_executable();
                std::vector<char*> args(saved_argv, saved_argv + saved_argc);
                args.push_back(nullptr);
                execv(brain.c_str(), args.data());
                fmt::print(stderr, "minidj: cannot start {}: {}\n", brain.string(), std::strerror(errno));
                return 1;
            }};
}

}  // namespace minidj::cli
