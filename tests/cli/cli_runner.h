#pragma once
// Runs the real minidj binary (built beside the tests) and captures what it printed.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "minidj/audio.h"
#include "minidj/generator.h"
#include "support/temp_dir.h"

namespace minidj::test {

struct Run {
    int status = -1;
    std::string out, err;
    std::vector<std::string> out_lines() const {
        std::vector<std::string> lines;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// Runs a shell command line, its output captured through files in `scratch`.
inline Run run_shell(std::string cmd, const std::filesystem::path& scratch) {
    const auto out = scratch / "stdout.txt", err = scratch / "stderr.txt";
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
    cmd.append(" >").append(quote(out.string())).append(" 2>").append(quote(err.string())).append(" </dev/null");
    const int raw = std::system(cmd.c_str());
    Run r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

/// `arguments` are passed through the shell, each one quoted.
inline Run run_minidj(const std::vector<std::string>& arguments, const std::filesystem::path& scratch) {
    std::string cmd = quote(MINIDJ_BIN);
    for (const auto& a : arguments) cmd.append(" ").append(quote(a));
    return run_shell(std::move(cmd), scratch);
}

/// A short generated track written to `path` (format from the extension), with `tags` in its
/// metadata; returns its truth.
inline gen::GroundTruth write_song(const std::filesystem::path& path, double bpm, std::uint32_t seed, int bars = 16,
                                   const AudioTags& tags = {}) {
    gen::SongSpec spec;
    spec.bpm = bpm;
    spec.bars = bars;
    spec.seed = seed;
    spec.plain_production = true;  // the CLI's plumbing is the subject, not analysis robustness
    const auto song = gen::render(spec);
    const auto written = write_audio_file(path, song.samples.data(), song.frames(), song.sample_rate, 2, tags);
    EXPECT_TRUE(written.ok()) << (written.ok() ? "" : written.error().message);
    return song.truth;
}

}  // namespace minidj::test
