// No verb writes over a file it reads: an input track (by name, symlink or hard link), a track
// in the library, the plan it renders. Refused with one line before any work; the track intact.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

namespace fs = std::filesystem;

struct Pair {
    TempDir dir;
    fs::path a = dir / "a.flac", b = dir / "b.flac";
    std::string a_bytes, b_bytes;
    Pair() {
        write_song(a, 122.0, 3);
        write_song(b, 124.0, 4);
        a_bytes = slurp(a);
        b_bytes = slurp(b);
    }
    void expect_intact() const {
        EXPECT_EQ(slurp(a), a_bytes);
        EXPECT_EQ(slurp(b), b_bytes);
        EXPECT_TRUE(part_files(dir.path()).empty());
    }
};

// One line on stderr, naming what would have been replaced, and no work done.
void expect_refused(const Run& r, const std::string& line) {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.err, line + "\n");
    EXPECT_EQ(r.err.find("analysing"), std::string::npos);
}

TEST(OutputSafety, MixRefusesToWriteOverAnInputByNameLinkOrHardLink) {
    Pair p;
    const auto mix = [&](const fs::path& out, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"mix", p.a.string(), p.b.string(),
                                         "-o",  out.string(), "--no-db"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_minidj(args, p.dir.path());
    };
    expect_refused(
        mix(p.a),
        fmt::format("mix: -o {0}: is the input track {0}; refusing to overwrite it", p.a.string()));
    fs::create_symlink(p.b, p.dir / "link.flac");
    expect_refused(mix(p.dir / "link.flac"),
                   fmt::format("mix: -o {}: is the input track {}; refusing to overwrite it",
                               (p.dir / "link.flac").string(), p.b.string()));
    fs::create_hard_link(p.a, p.dir / "hard.wav");
    expect_refused(mix(p.dir / "hard.wav"),
                   fmt::format("mix: -o {}: is the input track {}; refusing to overwrite it",
                               (p.dir / "hard.wav").string(), p.a.string()));
    expect_refused(mix(p.dir / "ok.wav", {"--plot", (p.dir / "sub" / ".." / "b.flac").string()}),
                   fmt::format("mix: --plot {}: is the input track {}; refusing to overwrite it",
                               (p.dir / "sub" / ".." / "b.flac").string(), p.b.string()));
    p.expect_intact();
    EXPECT_FALSE(fs::exists(p.dir / "ok.wav"));
}

TEST(OutputSafety, LibraryTracksAndTheLibraryAreProtectedInMixGenAndSet) {
    Pair p;
    const auto db = (p.dir / "lib.sqlite").string();
    const auto other = p.dir / "c.flac";
    write_song(other, 126.0, 5);
    auto r = run_minidj({"analyze", other.string(), "--db", db}, p.dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string c_bytes = slurp(other);
    const std::string in_library =
        fmt::format("is a track in the library {}; refusing to overwrite it", db);

    r = run_minidj({"mix", p.a.string(), p.b.string(), "-o", other.string(), "--db", db},
                   p.dir.path());
    expect_refused(r, fmt::format("mix: -o {}: {}", other.string(), in_library));
    r = run_minidj(
        {"mix", p.a.string(), p.b.string(), "-o", db + ".flac", "--plot", db, "--db", db},
        p.dir.path());
    expect_refused(
        r, fmt::format("mix: --plot {0}: is the library {0}; refusing to overwrite it", db));
    r = run_minidj({"gen", "-o", other.string(), "--db", db, "--bars", "8"}, p.dir.path());
    expect_refused(r, fmt::format("gen: -o {}: {}", other.string(), in_library));
    r = run_minidj({"set", p.dir.path().string(), "--tracks", "2", "-o", p.a.string(), "--db", db},
                   p.dir.path());
    expect_refused(r, fmt::format("set: -o {0}: is the input track {0}; refusing to overwrite it",
                                  p.a.string()));
    r = run_minidj({"set", "--tracks", "2", "-o", (p.dir / "set.flac").string(), "--plot",
                    other.string(), "--db", db},
                   p.dir.path());
    expect_refused(r, fmt::format("set: --plot {}: {}", other.string(), in_library));
    EXPECT_EQ(slurp(other), c_bytes);
    p.expect_intact();
    EXPECT_FALSE(fs::exists(p.dir / "set.flac"));
    EXPECT_FALSE(fs::exists(p.dir / "set.cue"));
}

TEST(OutputSafety, SetPlanAndSideFilesNeverReplaceItsTracks) {
    Pair p;
    const auto db = (p.dir / "lib.sqlite").string();
    auto r = run_minidj({"set", p.a.string(), p.b.string(), "--plan-only", "-o",
                         (p.dir / "out" / "m.flac").string(), "--db", db, "--bars", "4"},
                        p.dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto plan = p.dir / "out" / "m.plan.json";
    ASSERT_TRUE(fs::exists(plan));
    // Rendering a plan beside its own mix rewrites that plan (allowed); the plan as -o is not.
    r = run_minidj({"set", "--plan", plan.string(), "-o", plan.string(), "--db", db}, p.dir.path());
    expect_refused(
        r, fmt::format("set: -o {0}: is the plan {0}; refusing to overwrite it", plan.string()));
    // A plan whose track list names the output.
    auto j = nlohmann::json::parse(slurp(plan));
    r = run_minidj(
        {"set", "--plan", plan.string(), "-o", j["tracks"][1].get<std::string>(), "--db", db},
        p.dir.path());
    expect_refused(r, fmt::format("set: -o {0}: is the input track {0}; refusing to overwrite it",
                                  j["tracks"][1].get<std::string>()));
    p.expect_intact();
}

}  // namespace
}  // namespace minidj::test
