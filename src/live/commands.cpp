#include <algorithm>
#include <cctype>

#include "minidj/live.h"

namespace minidj::live {
namespace {

struct Word {
    Command command;
    const char* key;
    const char* name;
};
constexpr Word kWords[] = {
    {Command::kNext, "n", "next"},     {Command::kSkip, "s", "skip"},  {Command::kHold, "h", "hold"},
    {Command::kEnergyUp, "+", "up"},   {Command::kEnergyDown, "-", "down"},
    {Command::kPause, " ", "pause"},   {Command::kQuit, "q", "quit"},
};

}  // namespace

std::optional<Command> parse_command(const std::string& word) {
    std::string w = word;
    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (w != " ") {  // a line's spaces around a word do not count; a lone space is pause
        const auto first = w.find_first_not_of(" \t\r\n");
        w = first == std::string::npos ? "" : w.substr(first, w.find_last_not_of(" \t\r\n") - first + 1);
    }
    for (const auto& entry : kWords) {
        if (w == entry.key || w == entry.name) return entry.command;
    }
    if (w == "=") return Command::kEnergyUp;  // + without shift
    return std::nullopt;
}

std::string command_name(Command command) {
    for (const auto& entry : kWords) {
        if (entry.command == command) return entry.name;
    }
    return "?";
}

}  // namespace minidj::live
