// Every verb that takes or writes paths, with names that are not UTF-8 and names with spaces,
// quotes and newlines: JSON stays valid and gives the exact bytes back, plans round-trip, the
// set's side files are written, nothing aborts.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A path field as written: the text, or the exact bytes under <key>_bytes_hex.
std::string path_of(const json& j, const std::string& key) {
    if (!j.contains(key + "_bytes_hex")) return j.at(key).get<std::string>();
    const auto hex = j.at(key + "_bytes_hex").get<std::string>();
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes += char(std::stoi(hex.substr(i, 2), nullptr, 16));
    return bytes;
}

std::string uri_decoded(const std::string& line) {
    if (line.rfind("file://", 0) != 0) return line;
    std::string out;
    for (std::size_t i = 7; i < line.size(); ++i) {
        if (line[i] == '%' && i + 2 < line.size()) {
            out += char(std::stoi(line.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += line[i];
        }
    }
    return out;
}

json parse_ok(const Run& r, const std::string& what) {
    EXPECT_EQ(r.status, 0) << what << ": " << r.err;
    const auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << what << ": " << r.out;
    return j;
}

class AnyPath : public ::testing::TestWithParam<const char*> {};

TEST_P(AnyPath, EveryVerbReadsAndWritesIt) {
    TempDir dir;
    const std::string name = GetParam();
    const auto folder = dir / ("m " + name);
    fs::create_directories(folder);
    const auto a = folder / ("a " + name + ".flac"), b = folder / ("b " + name + ".flac");
    write_song(a, 122.0, 3);
    write_song(b, 124.0, 4);
    const auto db = (dir / "lib.sqlite").string();

    // gen and its truth file.
    const auto g = folder / ("g " + name + ".wav");
    auto r = run_minidj({"gen", "-o", g.string(), "--bars", "8", "--db", db}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    auto truth = g;
    EXPECT_TRUE(json::accept(slurp(truth.replace_extension(".truth.json"))));

    // analyze --json (no library), then into the library; info --json reads it back.
    auto j = parse_ok(run_minidj({"analyze", "--json", a.string()}, dir.path()), "analyze --json");
    EXPECT_EQ(path_of(j, "path"), a.string());
    ASSERT_EQ(run_minidj({"analyze", folder.string(), "--db", db}, dir.path()).status, 0);
    j = parse_ok(run_minidj({"info", a.string(), "--json", "--db", db}, dir.path()), "info --json");
    EXPECT_EQ(path_of(j, "path"), a.string());

    // mix: the plan as JSON, edited nowhere, rendered from the file with a report.
    r = run_minidj(
        {"mix", a.string(), b.string(), "--plan-only", "--json", "--bars", "4", "--db", db},
        dir.path());
    j = parse_ok(r, "mix --plan-only --json");
    EXPECT_EQ(path_of(j, "track_a"), a.string());
    EXPECT_EQ(path_of(j, "track_b"), b.string());
    const auto plan_file = folder / ("plan " + name + ".json");
    std::ofstream(plan_file) << r.out;
    const auto mix = folder / ("mix " + name + ".wav");
    j = parse_ok(run_minidj({"mix", "--plan", plan_file.string(), "-o", mix.string(), "--report",
                             "--json", "--fast", "--db", db},
                            dir.path()),
                 "mix -o --report --json");
    EXPECT_EQ(path_of(j, "output"), mix.string());
    EXPECT_TRUE(fs::exists(mix));

    // The Brain's verbs.
    j = parse_ok(run_minidj({"score", a.string(), b.string(), "--json", "--db", db}, dir.path()),
                 "score --json");
    EXPECT_TRUE(j.contains("score"));
    j = parse_ok(run_minidj({"recommend", a.string(), "--json", "--db", db}, dir.path()),
                 "recommend --json");
    ASSERT_FALSE(j["results"].empty());
    for (const auto& result : j["results"]) {
        const auto p = path_of(result, "path");
        EXPECT_TRUE(p == b.string() || p == g.string()) << p;
    }

    // set: the plan and tracklist, then the mix from that plan with its side files.
    const auto set = folder / ("set " + name + ".flac");
    auto stem = set;
    stem.replace_extension();
    r = run_minidj({"set", a.string(), b.string(), "--plan-only", "-o", set.string(), "--bars", "4",
                    "--db", db},
                   dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto plan = json::parse(slurp(stem.string() + ".plan.json"));
    ASSERT_EQ(plan["tracks"].size(), 2u);
    std::vector<std::string> tracks;
    for (std::size_t i = 0; i < 2; ++i) {
        tracks.push_back(
            plan.contains("tracks_bytes_hex") && !plan["tracks_bytes_hex"][i].is_null()
                ? path_of(json{{"t", ""}, {"t_bytes_hex", plan["tracks_bytes_hex"][i]}}, "t")
                : plan["tracks"][i].get<std::string>());
    }
    std::sort(tracks.begin(), tracks.end());
    EXPECT_EQ(tracks, (std::vector<std::string>{a.string(), b.string()}));
    fs::remove(stem.string() + ".cue");
    fs::remove(stem.string() + ".m3u8");
    j = parse_ok(run_minidj({"set", "--plan", stem.string() + ".plan.json", "-o", set.string(),
                             "--json", "--fast", "--db", db},
                            dir.path()),
                 "set -o --json");
    EXPECT_EQ(path_of(j, "output"), set.string());
    EXPECT_EQ(path_of(j, "cue"), stem.string() + ".cue");
    ASSERT_EQ(j["tracklist"].size(), 2u);
    EXPECT_TRUE(fs::exists(set));
    // The CUE sheet: one line per field, whatever the names hold.
    const auto cue = slurp(stem.string() + ".cue");
    EXPECT_EQ(std::count(cue.begin(), cue.end(), '\n'), 3 + 2 * 4) << cue;
    // The playlist: #EXTM3U, then two lines per track, each naming its track exactly.
    std::istringstream m3u8(slurp(stem.string() + ".m3u8"));
    std::vector<std::string> lines;
    for (std::string line; std::getline(m3u8, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 5u) << slurp(stem.string() + ".m3u8");
    EXPECT_EQ(uri_decoded(lines[2]), path_of(j["tracklist"][0], "path"));
    EXPECT_EQ(uri_decoded(lines[4]), path_of(j["tracklist"][1], "path"));
    EXPECT_TRUE(part_files(folder).empty());
}

INSTANTIATE_TEST_SUITE_P(Names, AnyPath,
                         ::testing::Values("caf\xe9 \xff", "sp ace \"dq\" 'sq'\nnew line"),
                         [](const auto& info) {
                             return info.index == 0 ? "NotUtf8" : "SpacesQuotesNewline";
                         });

}  // namespace
}  // namespace minidj::test
