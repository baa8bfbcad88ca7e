// `minidj library`: list with filters, search, stats, remove, prune, relocate and merge, for a person
// and (--json) for a program. Rows only: no verb ever touches a music file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

// Three short tracks at clearly different tempos, analysed into dir/lib.sqlite.
std::string three_analysed_tracks(const TempDir& dir) {
    std::filesystem::create_directories(dir / "music/sub");
    write_song(dir / "music/slow.wav", 96.0, 3, 8);
    write_song(dir / "music/mid.wav", 120.0, 4, 8);
    write_song(dir / "music/sub/fast.wav", 140.0, 5, 8);
    const auto db = (dir / "lib.sqlite").string();
    const auto r = run_minidj({"analyze", "--db", db, (dir / "music").string()}, dir.path());
    EXPECT_EQ(r.status, 0) << r.err;
    return db;
}

std::vector<std::string> listed_paths(const Run& r) {
    std::vector<std::string> paths;
    const auto listed = nlohmann::json::parse(r.out);
    for (const auto& t : listed.at("tracks")) paths.push_back(t.at("path").get<std::string>());
    return paths;
}

TEST(LibraryCli, ListFiltersSearchAndStats) {
    TempDir dir;
    const auto db = three_analysed_tracks(dir);
    auto r = run_minidj({"library", "list", "--db", db}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out_lines().size(), 3u) << r.out;
    EXPECT_NE(r.out.find("slow.wav"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" BPM "), std::string::npos) << r.out;

    r = run_minidj({"library", "list", "--db", db, "--json", "--bpm", "110", "150"}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto fast_and_mid = listed_paths(r);
    ASSERT_EQ(fast_and_mid.size(), 2u) << r.out;
    EXPECT_NE(fast_and_mid[0].find("mid.wav"), std::string::npos);
    const auto track = nlohmann::json::parse(r.out).at("tracks")[0];
    for (const char* field : {"bpm", "key", "camelot", "duration", "energy_rms", "loudness_lufs", "missing", "tags"}) {
        EXPECT_TRUE(track.contains(field)) << field << ": " << track.dump();
    }

    // Keys as the analyser heard them (these short excerpts need not all sound in A minor).
    r = run_minidj({"library", "list", "--db", db, "--json"}, dir.path());
    const auto all = nlohmann::json::parse(r.out).at("tracks");
    ASSERT_EQ(all.size(), 3u);
    const auto fast = all[2];  // paths sort: music/mid.wav, music/slow.wav, music/sub/fast.wav
    ASSERT_NE(fast.at("path").get<std::string>().find("fast.wav"), std::string::npos) << r.out;
    ASSERT_TRUE(fast.at("camelot").is_string()) << r.out;
    std::size_t same_key = 0;
    for (const auto& t : all) same_key += t.at("key") == fast.at("key");
    r = run_minidj({"library", "list", "--db", db, "--json", "--camelot", fast.at("camelot").get<std::string>(),
                    "--bpm", "130", "150"},
                   dir.path());
    EXPECT_EQ(listed_paths(r).size(), 1u) << r.out << r.err;
    r = run_minidj({"library", "list", "--db", db, "--json", "--key", fast.at("key").get<std::string>(), "--energy",
                    "0", "1"},
                   dir.path());
    EXPECT_EQ(listed_paths(r).size(), same_key) << r.out << r.err;
    r = run_minidj({"library", "list", "--db", db, "--json", "--energy", "2", "3"}, dir.path());
    EXPECT_EQ(listed_paths(r).size(), 0u) << r.out << r.err;  // RMS is at most 1
    r = run_minidj({"library", "list", "--db", db, "--key", "H minor"}, dir.path());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("H minor"), std::string::npos) << r.err;

    r = run_minidj({"library", "search", "--db", db, "--json", "SUB/"}, dir.path());  // case-insensitive
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_EQ(listed_paths(r).size(), 1u) << r.out;
    EXPECT_NE(listed_paths(r)[0].find("fast.wav"), std::string::npos);

    r = run_minidj({"library", "stats", "--db", db, "--json"}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto stats = nlohmann::json::parse(r.out);
    EXPECT_EQ(stats.at("tracks"), 3);
    EXPECT_EQ(stats.at("missing"), 0);
    double listed_seconds = 0.0;
    for (const auto& t : all) listed_seconds += t.at("duration").get<double>();
    EXPECT_NEAR(stats.at("duration_s").get<double>(), listed_seconds, 0.01);
    EXPECT_GT(listed_seconds, 8 * 4 * (60 / 96.0 + 60 / 120.0 + 60 / 140.0));  // 8 bars each, and a tail
    EXPECT_EQ(stats.at("analyzer_versions").size(), 1u);
    EXPECT_GT(stats.at("file_bytes").get<double>(), 0.0);
    EXPECT_NEAR(stats.at("bpm").at("min").get<double>(), 96.0, 1.0);
    EXPECT_NEAR(stats.at("bpm").at("max").get<double>(), 140.0, 1.0);
    std::size_t keyed = 0;
    for (const auto& [camelot, n] : stats.at("keys").items()) keyed += n.get<std::size_t>();
    EXPECT_EQ(keyed, 3u);
    r = run_minidj({"library", "stats", "--db", db}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("3 tracks"), std::string::npos) << r.out;
}

TEST(LibraryCli, RemoveAndPruneTouchRowsNeverFiles) {
    TempDir dir;
    const auto db = three_analysed_tracks(dir);
    const auto slow = dir / "music/slow.wav", mid = dir / "music/mid.wav";

    auto r = run_minidj({"library", "remove", "--db", db, slow.string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(slow));  // the row went, the file stays
    r = run_minidj({"library", "list", "--db", db, "--json"}, dir.path());
    EXPECT_EQ(listed_paths(r).size(), 2u);
    r = run_minidj({"library", "remove", "--db", db, (dir / "music/nothing.wav").string()}, dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("nothing.wav: not in the library"), std::string::npos) << r.err;

    std::filesystem::remove(mid);  // deleted by the user
    r = run_minidj({"library", "list", "--db", db, "--json", "--missing"}, dir.path());
    ASSERT_EQ(listed_paths(r).size(), 1u) << r.out;
    EXPECT_NE(listed_paths(r)[0].find("mid.wav"), std::string::npos);
    r = run_minidj({"library", "stats", "--db", db, "--json"}, dir.path());
    EXPECT_EQ(nlohmann::json::parse(r.out).at("missing"), 1);

    r = run_minidj({"library", "prune", "--db", db, "--dry-run"}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("mid.wav"), std::string::npos) << r.out;
    r = run_minidj({"library", "list", "--db", db, "--json"}, dir.path());
    EXPECT_EQ(listed_paths(r).size(), 2u);  // a dry run removes nothing

    r = run_minidj({"library", "prune", "--db", db, "--json"}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out).at("removed").size(), 1u) << r.out;
    r = run_minidj({"library", "list", "--db", db, "--json"}, dir.path());
    ASSERT_EQ(listed_paths(r).size(), 1u);
    EXPECT_NE(listed_paths(r)[0].find("fast.wav"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(dir / "music/sub/fast.wav"));
}

TEST(LibraryCli, RelocateMovesRowsThatMatchTheirContentAndLeavesTheRest) {
    TempDir dir;
    const auto db = three_analysed_tracks(dir);
    std::filesystem::rename(dir / "music", dir / "moved");
    // At the new place one file is not the one analysed: its row must stay where it was.
    write_song(dir / "moved/mid.wav", 123.0, 9, 8);

    auto r = run_minidj({"library", "relocate", "--db", db, "--json", (dir / "music").string(),
                         (dir / "moved").string()},
                        dir.path());
    EXPECT_EQ(r.status, 1) << r.err;  // not everything could follow
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j.at("moved").size(), 2u) << r.out;
    ASSERT_EQ(j.at("left").size(), 1u) << r.out;
    EXPECT_NE(j.at("left")[0].at("path").get<std::string>().find("music/mid.wav"), std::string::npos);
    EXPECT_NE(j.at("left")[0].at("reason").get<std::string>().find("content differs"), std::string::npos) << r.out;

    r = run_minidj({"info", "--db", db, "--json", (dir / "moved/sub/fast.wav").string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NEAR(nlohmann::json::parse(r.out).at("bpm").get<double>(), 140.0, 1.0);
    r = run_minidj({"library", "list", "--db", db, "--json", "--missing"}, dir.path());
    ASSERT_EQ(listed_paths(r).size(), 1u);  // only the mismatch stays at the old place
    EXPECT_NE(listed_paths(r)[0].find("music/mid.wav"), std::string::npos);
}

// Shards analysed apart (as scripts/slurm-analyze.sh makes them) merge into a new library;
// each shard is only read, merging again adds nothing, a missing shard is one line and the
// others still merge.
TEST(LibraryCli, MergeJoinsShardsIntoOneLibrary) {
    TempDir dir;
    const auto shard_a = three_analysed_tracks(dir);
    std::filesystem::create_directories(dir / "more");
    write_song(dir / "more/other.wav", 128.0, 6, 8);
    const auto shard_b = (dir / "b.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", shard_b, (dir / "more").string(), (dir / "music/mid.wav").string()},
                         dir.path())
                  .status,
              0);
    const auto before = slurp(shard_a);
    const auto db = (dir / "all/library.sqlite").string();
    auto r = run_minidj({"library", "merge", "--db", db, "--json", shard_a, shard_b}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto shards = nlohmann::json::parse(r.out).at("shards");
    ASSERT_EQ(shards.size(), 2u);
    EXPECT_EQ(shards[0].at("added"), 3);
    EXPECT_EQ(shards[1].at("added"), 1);
    EXPECT_EQ(shards[1].at("kept"), 1);  // mid.wav: the same analysis in both
    EXPECT_EQ(slurp(shard_a), before);
    r = run_minidj({"library", "stats", "--db", db, "--json"}, dir.path());
    EXPECT_EQ(nlohmann::json::parse(r.out).at("tracks"), 4);
    r = run_minidj({"recommend", "--db", db, "--json", (dir / "more/other.wav").string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out).at("results").size(), 3u);  // merged rows answer at once

    r = run_minidj({"library", "merge", "--db", db, (dir / "none.sqlite").string(), shard_b}, dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("none.sqlite: no library here"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("b.sqlite: added 0, replaced 0 (newer analyses), kept 2"), std::string::npos) << r.out;
    r = run_minidj({"library", "merge", "--db", db, db}, dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("is the library itself"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace minidj::test
