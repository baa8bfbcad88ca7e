// `minidj score`, `recommend` and `train` run as a user runs them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

TEST(BrainCli, MinidjLeavesLibTorchToMinidjBrainAndHandsTrainOver) {
    TempDir dir;
    // minidj itself never maps LibTorch (half a second and 160 MB at every start): it scores,
    // recommends and plans sets in plain C++ ...
    const auto ldd = run_shell("ldd " + quote(MINIDJ_BIN), dir.path());
    ASSERT_EQ(ldd.status, 0);
    EXPECT_EQ(ldd.out.find("libtorch"), std::string::npos) << ldd.out;
    const auto brain = std::filesystem::path(MINIDJ_BIN).parent_path() / "minidj-brain";
    EXPECT_NE(run_shell("ldd " + quote(brain.string()), dir.path()).out.find("libtorch"), std::string::npos);
    auto r = run_minidj({"score", "--db", (dir / "lib.sqlite").string(), (dir / "none.wav").string(),
                         (dir / "none2.wav").string()},
                        dir.path());
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("none.wav"), std::string::npos) << r.err;
    // ... and `train` reaches minidj-brain with every argument, --help and exit status.
    r = run_minidj({"train", "--help"}, dir.path());
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("--epochs"), std::string::npos) << r.out;
    r = run_minidj({"train", "--db", (dir / "missing.sqlite").string()}, dir.path());
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("missing.sqlite"), std::string::npos) << r.err;
}

TEST(BrainCli, ScoreAnalysesTracksNotInTheLibrary) {
    TempDir dir;
    write_song(dir / "a.wav", 124.0, 1, 24);
    write_song(dir / "b.wav", 126.0, 2, 24);
    const auto db = (dir / "lib.sqlite").string();
    const auto r = run_minidj({"score", "--db", db, "--json", (dir / "a.wav").string(), (dir / "b.wav").string()},
                              dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("a.wav is not in the library; analysing it now (not stored)"), std::string::npos) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const double score = j.at("score").get<double>();
    EXPECT_GE(score, 0.0);
    EXPECT_LE(score, 1.0);
    const auto& parts = j.at("parts");
    EXPECT_EQ(parts.at("tempo").at("relation"), "same");
    EXPECT_EQ(parts.at("key").at("relation"), "same");  // both generated in A minor
    EXPECT_EQ(parts.at("key").at("from"), "8A");
    for (const char* key : {"energy_jump_db", "timbre_distance", "harmonic_continuity", "rule", "continuity"}) {
        EXPECT_TRUE(parts.contains(key)) << key;
    }
    EXPECT_GT(parts.at("rule").get<double>(), 0.9);

    const auto human = run_minidj({"score", "--db", db, (dir / "a.wav").string(), (dir / "b.wav").string()}, dir.path());
    ASSERT_EQ(human.status, 0) << human.err;
    EXPECT_NE(human.out.find("key       8A -> 8A: same"), std::string::npos) << human.out;
}

TEST(BrainCli, BadInputsGetOneClearLine) {
    TempDir dir;
    write_song(dir / "a.wav", 124.0, 1);
    std::ofstream(dir / "junk.brain") << "not a model";
    const auto db = (dir / "lib.sqlite").string();
    const auto a = (dir / "a.wav").string();
    const auto missing = run_minidj({"score", "--db", db, a, (dir / "none.wav").string()}, dir.path());
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("score: decode: "), std::string::npos) << missing.err;
    const auto model = run_minidj({"score", "--db", db, "--model", (dir / "junk.brain").string(), a, a}, dir.path());
    EXPECT_EQ(model.status, 1);
    EXPECT_NE(model.err.find("junk.brain: not a minidj model file"), std::string::npos) << model.err;
    const auto k = run_minidj({"recommend", "--db", db, "-k", "0", a}, dir.path());
    EXPECT_EQ(k.status, 2);
    EXPECT_NE(k.err.find("recommend: k must be at least 1"), std::string::npos) << k.err;
}

TEST(BrainCli, RecommendAndATooSmallLibraryToTrain) {
    TempDir dir;
    std::filesystem::create_directories(dir / "music");
    for (int i = 0; i < 3; ++i) write_song(dir / ("music/t" + std::to_string(i) + ".flac"), 118.0 + 3 * i, 20 + i);
    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, (dir / "music").string()}, dir.path()).status, 0);

    const auto seed = (dir / "music/t0.flac").string();
    const auto r = run_minidj({"recommend", "--db", db, "--json", "-k", "5", seed}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto results = nlohmann::json::parse(r.out).at("results");
    ASSERT_EQ(results.size(), 2u);  // every other track, the seed itself never
    EXPECT_GE(results[0].at("score").get<double>(), results[1].at("score").get<double>());
    for (const auto& x : results) {
        EXPECT_NE(x.at("path").get<std::string>(), seed);
        EXPECT_TRUE(x.at("parts").contains("tempo"));
    }
    const auto narrow = run_minidj({"recommend", "--db", db, "--json", "--bpm-range", "123", "130", seed}, dir.path());
    ASSERT_EQ(narrow.status, 0) << narrow.err;
    EXPECT_EQ(nlohmann::json::parse(narrow.out).at("results").size(), 1u);  // only t2 (124 BPM)

    const auto train = run_minidj({"train", "--db", db, "--out", (dir / "m.brain").string()}, dir.path());
    EXPECT_EQ(train.status, 1);
    EXPECT_NE(train.err.find("has 3 track(s); at least 20 are needed to train on"), std::string::npos) << train.err;
    EXPECT_NE(train.err.find("keep using the shipped model"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(dir / "m.brain"));
}

TEST(BrainCli, LibraryIndexBuildsSeamCellsThatRecommendReads) {
    TempDir dir;
    std::filesystem::create_directories(dir / "music");
    for (int i = 0; i < 3; ++i) write_song(dir / ("music/t" + std::to_string(i) + ".flac"), 120.0 + 2 * i, 30 + i);
    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, (dir / "music").string()}, dir.path()).status, 0);
    const auto seed = (dir / "music/t0.flac").string();
    // k 2: both other tracks keep the rulebook, so the cells' answer is taken (with fewer
    // than k found there, recommend reads every row the rulebook allows instead).
    const auto exact = run_minidj({"recommend", "--db", db, "--json", "-k", "2", seed}, dir.path());
    ASSERT_EQ(exact.status, 0) << exact.err;
    EXPECT_EQ(nlohmann::json::parse(exact.out).at("search"), "exact");  // no cells yet

    const auto index = run_minidj({"library", "index", "--db", db, "--cells", "2", "--json"}, dir.path());
    ASSERT_EQ(index.status, 0) << index.err;
    const auto built = nlohmann::json::parse(index.out);
    EXPECT_EQ(built.at("cells"), 2);
    EXPECT_EQ(built.at("rows"), 3);
    const auto stats = run_minidj({"library", "stats", "--db", db, "--json"}, dir.path());
    ASSERT_EQ(stats.status, 0) << stats.err;
    EXPECT_EQ(nlohmann::json::parse(stats.out).at("seam_cells").at("tracks"), 3);
    // Three tracks are fewer than a query reads (SeamCells::rows_to_read), so the cells give
    // the exact answer here.
    const auto cells = run_minidj({"recommend", "--db", db, "--json", "-k", "2", seed}, dir.path());
    ASSERT_EQ(cells.status, 0) << cells.err;
    auto answer = nlohmann::json::parse(cells.out);
    EXPECT_EQ(answer.at("search"), "seam cells");
    EXPECT_EQ(answer.at("results"), nlohmann::json::parse(exact.out).at("results"));
    const auto forced = run_minidj({"recommend", "--db", db, "--json", "-k", "2", "--exact", seed}, dir.path());
    ASSERT_EQ(forced.status, 0) << forced.err;
    EXPECT_EQ(nlohmann::json::parse(forced.out).at("search"), "exact");
    const auto text = run_minidj({"recommend", "--db", db, "-k", "2", seed}, dir.path());
    EXPECT_NE(text.out.find("from the library's seam cells, --exact scores every track"), std::string::npos) << text.out;
    // A missing library is not created by indexing it.
    const auto missing = run_minidj({"library", "index", "--db", (dir / "none.sqlite").string()}, dir.path());
    EXPECT_EQ(missing.status, 1);
    EXPECT_FALSE(std::filesystem::exists(dir / "none.sqlite"));
}

TEST(BrainCli, TheSameAudioUnderTwoPathsIsOneTrack) {
    TempDir dir;
    // One folder per artist (the artist rule reads folder names), and the same song again on a
    // compilation.
    const std::vector<std::filesystem::path> tracks = {dir / "music/a/t0.flac", dir / "music/b/t1.flac",
                                                       dir / "music/c/t2.flac"};
    for (int i = 0; i < 3; ++i) {
        std::filesystem::create_directories(tracks[std::size_t(i)].parent_path());
        write_song(tracks[std::size_t(i)], 120.0 + i, 20 + i);
    }
    std::filesystem::create_directories(dir / "music/compilation");
    std::filesystem::copy_file(tracks[1], dir / "music/compilation/t1 (edit).flac");
    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, (dir / "music").string()}, dir.path()).status, 0);

    auto r = run_minidj({"library", "stats", "--db", db, "--json"}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto stats = nlohmann::json::parse(r.out);
    EXPECT_EQ(stats.at("tracks"), 4);
    EXPECT_EQ(stats.at("duplicates").at("rows"), 1);
    EXPECT_EQ(stats.at("duplicates").at("contents"), 1);

    // Neither copy follows the other; after another seed only one of them is offered.
    const auto is_t1 = [](const nlohmann::json& path) { return path.get<std::string>().find("t1") != std::string::npos; };
    r = run_minidj({"recommend", "--db", db, "--json", tracks[1].string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    auto results = nlohmann::json::parse(r.out).at("results");
    EXPECT_EQ(results.size(), 2u) << r.out;
    for (const auto& x : results) EXPECT_FALSE(is_t1(x.at("path"))) << x;
    r = run_minidj({"recommend", "--db", db, "--json", tracks[0].string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    results = nlohmann::json::parse(r.out).at("results");
    ASSERT_EQ(results.size(), 2u) << r.out;
    EXPECT_EQ(int(is_t1(results[0].at("path"))) + int(is_t1(results[1].at("path"))), 1) << r.out;

    // A set of the whole library chooses from three tracks, not four.
    r = run_minidj({"set", "--db", db, "--tracks", "4", "--plan-only", "--bars", "4"}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto plan = nlohmann::json::parse(r.out);
    EXPECT_EQ(plan.at("tracks").size(), 3u) << r.out;
    int copies_of_t1 = 0;
    for (const auto& t : plan.at("tracks")) copies_of_t1 += is_t1(t);
    EXPECT_EQ(copies_of_t1, 1) << r.out;
}

TEST(BrainCli, AModelBesideTheLibraryIsUsedByDefault) {
    TempDir dir;
    // 24 bars, as ScoreAnalysesTracksNotInTheLibrary: analyser v5 reads the 8-bar A minor phrase of
    // seed 2 as E major, and the set below then finds no pair within the harmonic rule.
    write_song(dir / "a.wav", 124.0, 1, 24);
    write_song(dir / "b.wav", 126.0, 2, 24);
    const auto db = (dir / "lib.sqlite").string();
    const auto a = (dir / "a.wav").string(), b = (dir / "b.wav").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, a, b}, dir.path()).status, 0);

    // Where `minidj train` writes: beside the library (a copy of the shipped model stands in).
    const auto trained = dir / "lib.brain";
    std::filesystem::copy_file(MINIDJ_SHIPPED_MODEL, trained);
    auto r = run_minidj({"score", "--db", db, "--json", a, b}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out).at("model"), trained.string()) << r.out;
    r = run_minidj({"score", "--db", db, a, b}, dir.path());
    EXPECT_NE(r.out.find("model     " + trained.string()), std::string::npos) << r.out;
    r = run_minidj({"set", "--db", db, "--tracks", "2", "--plan-only", "--bars", "4"}, dir.path());
    EXPECT_NE(r.err.find("scored by the model " + trained.string()), std::string::npos) << r.err;

    // It really is read: a damaged one is an error naming it, and `--model shipped` goes back.
    std::ofstream(trained, std::ios::trunc) << "damaged";
    r = run_minidj({"score", "--db", db, a, b}, dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("lib.brain: not a minidj model file"), std::string::npos) << r.err;
    r = run_minidj({"score", "--db", db, "--json", "--model", "shipped", a, b}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out).at("model"), "shipped");
}

}  // namespace
}  // namespace minidj::test
