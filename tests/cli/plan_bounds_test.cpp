// Numbers read from a plan file are checked before any work: cues within the track (and a day),
// whole numbers that fit, gains and tempos in range; "plan: <field>: ..." on one line.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(PlanBounds, MixPlanNumbersOutOfRangeAreRefusedWithTheField) {
    TempDir dir;
    write_song(dir / "a.wav", 122.0, 3);
    write_song(dir / "b.wav", 124.0, 4);
    const auto db = (dir / "lib.sqlite").string();
    auto r = run_minidj({"mix", (dir / "a.wav").string(), (dir / "b.wav").string(), "--plan-only",
                         "--json", "--bars", "4", "--db", db},
                        dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto good = json::parse(r.out);
    const auto try_plan = [&](const std::string& text) {
        std::ofstream(dir / "plan.json", std::ios::trunc) << text;
        return run_minidj({"mix", "--plan", (dir / "plan.json").string(), "-o",
                           (dir / "out.wav").string(), "--db", db},
                          dir.path());
    };
    const auto with = [&](const std::string& key, const std::string& raw) {
        auto j = good;
        j[key] = 0;  // placeholder, replaced by the raw JSON text below
        auto text = j.dump();
        const auto at = text.find("\"" + key + "\":0");
        return text.replace(at, key.size() + 4, "\"" + key + "\":" + raw);
    };
    const std::pair<std::string, std::string> cases[] = {
        {with("cue_out", "1e300"), "plan: cue_out: 1e+300 s outside 0..86400 s"},
        {with("cue_in", "-1"), "plan: cue_in: -1 s outside 0..86400 s"},
        {with("cue_out", "5000"), "plan: cue_out: 5000 s is past the end of track_a ("},
        {with("bars", "1e10"), "plan: bars: 10000000000.0: expected a whole number"},
        {with("bars", "18446744073709551615"),
         "plan: bars: 18446744073709551615: expected a whole number"},
        {with("before", "1e300"), "plan: before: 1e+300 s: expected at most 86400 s"},
        {with("bpm_a", "1e300"), "plan: bpm: tempos must be in 0..400 BPM"},
    };
    for (const auto& [text, message] : cases) {
        r = try_plan(text);
        EXPECT_EQ(r.status, 1) << message << "\n" << r.err;
        EXPECT_EQ(r.err.rfind(message, 0), 0u) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(fs::exists(dir / "out.wav"));
    }
    EXPECT_TRUE(part_files(dir.path()).empty());
}

TEST(PlanBounds, SetPlanGainsAndCuesAreChecked) {
    TempDir dir;
    write_song(dir / "a.wav", 122.0, 3);
    write_song(dir / "b.wav", 124.0, 4);
    const auto db = (dir / "lib.sqlite").string();
    const auto out = dir / "out" / "mix.flac";
    auto r = run_minidj({"set", (dir / "a.wav").string(), (dir / "b.wav").string(), "--plan-only",
                         "-o", out.string(), "--bars", "4", "--db", db},
                        dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto good = json::parse(slurp(dir / "out" / "mix.plan.json"));
    auto gains = good;
    gains["gain_db"][1] = 1e300;
    auto cue = good;
    cue["transitions"][0]["cue_out"] = 5000.0;
    for (const auto& [plan, message] :
         {std::pair{gains, std::string("set plan: gain_db[1]: 1e+300 outside -24..24 dB")},
          std::pair{
              cue,
              std::string(
                  "set plan: transitions[0]: plan: cue_out: 5000 s is past the end of track_a")}}) {
        std::ofstream(dir / "plan.json", std::ios::trunc) << plan.dump();
        r = run_minidj({"set", "--plan", (dir / "plan.json").string(), "-o",
                        (dir / "x.flac").string(), "--db", db},
                       dir.path());
        EXPECT_NE(r.status, 0);
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(dir / "x.flac"));
    }
}

}  // namespace
}  // namespace minidj::test
