// `minidj analyze --json`: the machine-readable contract, bad files among good ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

TEST(AnalyzeJson, OneObjectPerFileWithTheContractFields) {
    TempDir dir;
    const auto truth = write_song(dir / "song.flac", 126.0, 3);
    const auto r = run_minidj({"analyze", "--json", (dir / "song.flac").string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto lines = r.out_lines();
    ASSERT_EQ(lines.size(), 1u);
    const auto j = nlohmann::json::parse(lines[0]);
    for (const char* field :
         {"path", "duration", "bpm", "beats", "downbeats", "meter", "key", "camelot",
          "key_confidence", "loudness_lufs", "true_peak_dbtp", "energy", "brightness_hz"}) {
        EXPECT_TRUE(j.contains(field)) << field;
    }
    EXPECT_NEAR(j["bpm"].get<double>(), 126.0, 0.63);
    EXPECT_NEAR(j["duration"].get<double>(), truth.duration_s, 0.05);
    EXPECT_EQ(j["key"], "A minor");
    EXPECT_EQ(j["camelot"], "8A");
    EXPECT_GE(j["beats"].size(), truth.beats.size() - 1);
    EXPECT_LE(j["true_peak_dbtp"].get<double>(), 0.5);
}

TEST(AnalyzeJson, BadFilesGetAnErrorLineAndTheRunGoesOn) {
    TempDir dir;
    write_song(dir / "good.wav", 120.0, 1);
    { std::ofstream(dir / "empty.mp3"); }
    std::ofstream(dir / "text.flac") << "this is not audio at all";
    const auto r =
        run_minidj({"analyze", "--json", (dir / "empty.mp3").string(), (dir / "good.wav").string(),
                    (dir / "text.flac").string(), (dir / "missing.ogg").string()},
                   dir.path());
    EXPECT_EQ(r.status, 1);  // not everything succeeded
    const auto lines = r.out_lines();
    ASSERT_EQ(lines.size(), 3u);  // the missing path is reported on stderr only
    const auto empty = nlohmann::json::parse(lines[0]);
    const auto good = nlohmann::json::parse(lines[1]);
    const auto text = nlohmann::json::parse(lines[2]);
    EXPECT_TRUE(empty.contains("error"));
    EXPECT_FALSE(good.contains("error"));
    EXPECT_NEAR(good["bpm"].get<double>(), 120.0, 0.6);
    EXPECT_TRUE(text.contains("error"));
    // The same reasons on stderr, one line each, naming the file.
    EXPECT_NE(r.err.find(empty["error"].get<std::string>()), std::string::npos);
    EXPECT_NE(r.err.find("text.flac"), std::string::npos);
    EXPECT_NE(r.err.find("missing.ogg: no such file"), std::string::npos);
}

TEST(AnalyzeJson, TheOnsetReaderIsThereOnRequestAndABadModelFileIsOneLine) {
    TempDir dir;
    write_song(dir / "song.flac", 124.0, 5);
    for (const auto& flags :
         {std::vector<std::string>{}, std::vector<std::string>{"--beat-onsets"}}) {
        std::vector<std::string> args = {"analyze", "--json"};
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back((dir / "song.flac").string());
        const auto read = run_minidj(args, dir.path());
        ASSERT_EQ(read.status, 0) << read.err;
        EXPECT_NEAR(nlohmann::json::parse(read.out_lines().at(0))["bpm"].get<double>(), 124.0,
                    0.62);
    }

    std::ofstream(dir / "bad.tcn") << "not a network";
    const auto bad = run_minidj({"analyze", "--json", "--beat-model", (dir / "bad.tcn").string(),
                                 (dir / "song.flac").string()},
                                dir.path());
    EXPECT_EQ(bad.status, 1);
    EXPECT_TRUE(bad.out.empty());
    EXPECT_NE(bad.err.find("--beat-model"), std::string::npos) << bad.err;
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
    // Only with --json: a library of analyses must not mix two readers under one version.
    EXPECT_NE(
        run_minidj({"analyze", "--beat-onsets", (dir / "song.flac").string()}, dir.path()).status,
        0);
}

TEST(AnalyzeJson, NonUtf8FileNamesAreAnalysed) {
    TempDir dir;
    const auto odd = dir.path() / std::string("caf\xe9 \"mix\".wav");
    write_song(odd, 128.0, 2);
    const auto r = run_minidj({"analyze", "--json", odd.string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out_lines().at(0));  // valid UTF-8, or parse throws
    EXPECT_NEAR(j["bpm"].get<double>(), 128.0, 0.64);
}

}  // namespace
}  // namespace minidj::test
