// A library that follows the user's music: moved files keep their analysis, `info` never
// creates a library and says when a file changed, a whole-library set goes on past gone files
// and unreadable rows, a recursive scan goes on past unreadable folders.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

TEST(LibrarySafety, AMovedFileKeepsItsAnalysisWithoutDecoding) {
    TempDir dir;
    std::filesystem::create_directories(dir / "old");
    write_song(dir / "old/a.wav", 120.0, 1, 8);
    write_song(dir / "old/b.wav", 126.0, 2, 8);
    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, (dir / "old").string()}, dir.path()).status, 0);

    std::filesystem::create_directories(dir / "new");
    std::filesystem::rename(dir / "old/a.wav", dir / "new/a.wav");
    const auto r = run_minidj({"analyze", "--db", db, (dir / "new").string(), (dir / "old").string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("analysed 0, moved 1, skipped 1"), std::string::npos) << r.err;

    const auto list = run_minidj({"library", "list", "--db", db, "--json"}, dir.path());
    ASSERT_EQ(list.status, 0) << list.err;
    const auto tracks = nlohmann::json::parse(list.out).at("tracks");
    ASSERT_EQ(tracks.size(), 2u);  // the row followed the file: no stale copy at the old path
    EXPECT_NE(tracks[0].at("path").get<std::string>().find("new/a.wav"), std::string::npos) << list.out;
}

TEST(LibrarySafety, InfoNeverCreatesALibraryAndSaysWhenTheFileChanged) {
    TempDir dir;
    write_song(dir / "a.wav", 120.0, 1, 8);
    const auto nowhere = dir / "no" / "lib.sqlite";
    auto r = run_minidj({"info", "--db", nowhere.string(), (dir / "a.wav").string()}, dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("no library"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "no"));  // not even its folder

    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, (dir / "a.wav").string()}, dir.path()).status, 0);
    r = run_minidj({"info", "--db", db, (dir / "a.wav").string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.find("changed"), std::string::npos) << r.out;

    std::ofstream(dir / "a.wav", std::ios::app) << "appended bytes";
    r = run_minidj({"info", "--db", db, (dir / "a.wav").string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("the file changed since this analysis"), std::string::npos) << r.out;
    r = run_minidj({"info", "--db", db, "--json", (dir / "a.wav").string()}, dir.path());
    EXPECT_EQ(nlohmann::json::parse(r.out).at("file_state"), "changed") << r.out;

    std::filesystem::remove(dir / "a.wav");
    r = run_minidj({"info", "--db", db, (dir / "a.wav").string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("the file is missing"), std::string::npos) << r.out;
}

TEST(LibrarySafety, AWholeLibrarySetSkipsGoneFilesAndUnreadableRows) {
    TempDir dir;
    std::filesystem::create_directories(dir / "music");
    for (int i = 0; i < 4; ++i) write_song(dir / ("music/t" + std::to_string(i) + ".wav"), 120.0 + i, 30 + i);
    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, (dir / "music").string()}, dir.path()).status, 0);
    std::filesystem::remove(dir / "music/t1.wav");
    {
        sqlite3* raw = nullptr;  // a row damaged behind minidj's back
        ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw,
                               "UPDATE tracks SET analysis_json = '{' WHERE CAST(path AS TEXT) LIKE '%t2.wav';"
                               "UPDATE track_rows SET features = x'00' WHERE CAST(path AS TEXT) LIKE '%t2.wav'",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
    }
    const auto r = run_minidj({"set", "--db", db, "--tracks", "2", "--plan-only", "--bars", "4"}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("t1.wav: the file is gone"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("t2.wav: stored track row unreadable"), std::string::npos) << r.err;
    const auto plan = nlohmann::json::parse(r.out);
    ASSERT_EQ(plan.at("tracks").size(), 2u);
    for (const auto& t : plan.at("tracks")) {
        EXPECT_EQ(t.get<std::string>().find("t1.wav"), std::string::npos);
        EXPECT_EQ(t.get<std::string>().find("t2.wav"), std::string::npos);
    }
}

// A folder that cannot be opened whoever runs the test (root too): its path is longer than
// PATH_MAX. Made (and removed) with *at() calls from inside, as no path-based call reaches it.
class TooDeepFolder {
  public:
    static constexpr int kDepth = 24;
    explicit TooDeepFolder(const std::filesystem::path& base) : base_(base) {
        int fd = ::open(base.c_str(), O_RDONLY | O_DIRECTORY);
        for (int depth = 0; depth < kDepth && fd >= 0; ++depth) {
            ::mkdirat(fd, name_.c_str(), 0755);
            const int next = ::openat(fd, name_.c_str(), O_RDONLY | O_DIRECTORY);
            ::close(fd);
            fd = next;
        }
        EXPECT_GE(fd, 0);
        ::close(fd);
    }
    ~TooDeepFolder() {  // deepest first: std::filesystem::remove_all cannot reach them
        std::vector<int> fds{::open(base_.c_str(), O_RDONLY | O_DIRECTORY)};
        while (fds.size() < kDepth && fds.back() >= 0) fds.push_back(::openat(fds.back(), name_.c_str(), O_RDONLY | O_DIRECTORY));
        for (auto it = fds.rbegin(); it != fds.rend(); ++it) {
            if (*it < 0) continue;
            ::unlinkat(*it, name_.c_str(), AT_REMOVEDIR);
            ::close(*it);
        }
    }
    TooDeepFolder(const TooDeepFolder&) = delete;
    TooDeepFolder& operator=(const TooDeepFolder&) = delete;

  private:
    std::filesystem::path base_;
    std::string name_ = std::string(200, 'd');
};

TEST(LibrarySafety, ARecursiveScanGoesOnPastUnreadableFolders) {
    TempDir dir;
    for (const char* sub : {"music/a_deep", "music/b", "music/c_deep", "music/d"}) std::filesystem::create_directories(dir / sub);
    const TooDeepFolder a(dir / "music/a_deep"), c(dir / "music/c_deep");
    write_song(dir / "music/b/one.wav", 120.0, 1, 8);
    write_song(dir / "music/d/two.wav", 120.0, 2, 8);
    const auto r = run_minidj({"analyze", "--json", (dir / "music").string()}, dir.path());
    EXPECT_EQ(r.status, 1);  // honest: something could not be read
    EXPECT_EQ(r.out_lines().size(), 2u) << r.out << r.err;  // both tracks, wherever the folders sort
    std::size_t reported = 0;
    for (std::size_t at = r.err.find("analyze: "); at != std::string::npos; at = r.err.find("analyze: ", at + 1)) {
        ++reported;
    }
    EXPECT_EQ(reported, 2u) << r.err;  // each unreadable folder, once
}

}  // namespace
}  // namespace minidj::test
