// Tags from the files' metadata: stored by `analyze`, shown by `info` and `library list`, and
// the artist the planner's rules compare (the folder name only when a file has no artist tag).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

// Artist/Album/track folders whose names are not the artists: Alice and Bob share the folder
// "Album One"; Alice's other track is in "Album Two".
struct TaggedCollection {
    std::filesystem::path a, b, c;
};

TaggedCollection tagged_collection(const TempDir& dir, int bars) {
    const auto one = dir / "music/Various/Album One", two = dir / "music/Various/Album Two";
    std::filesystem::create_directories(one);
    std::filesystem::create_directories(two);
    TaggedCollection t{one / "a.flac", one / "b.flac", two / "c.flac"};
    write_song(t.a, 120.0, 1, bars, AudioTags{"Alice", "First Light", "Album One", "House", 1999});
    write_song(t.b, 122.0, 2, bars, AudioTags{"Bob", "Second", "Album One", "", 0});
    write_song(t.c, 121.0, 3, bars, AudioTags{"Alice", "Third", "Album Two", "", 2001});
    return t;
}

TEST(TagsCli, StoredShownAndUsedByTheArtistRules) {
    TempDir dir;
    const auto t = tagged_collection(dir, 16);
    const auto db = (dir / "lib.sqlite").string();
    auto r = run_minidj({"analyze", "--db", db, (dir / "music").string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;

    {
        sqlite3* raw = nullptr;  // a row as a library from before tags (schema 2) has it after migrating
        ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw, "UPDATE tracks SET artist = '', title = '', album = '', genre = '', year = 0, "
                                    "tags_read = 0 WHERE CAST(path AS TEXT) LIKE '%a.flac'",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
    }
    r = run_minidj({"info", "--db", db, t.a.string()}, dir.path());
    EXPECT_NE(r.out.find("tags        not read yet"), std::string::npos) << r.out;
    r = run_minidj({"analyze", "--db", db, (dir / "music").string()}, dir.path());  // a tag-only read
    EXPECT_NE(r.err.find("analysed 0, skipped 3 (unchanged), tags read 1"), std::string::npos) << r.err;
    r = run_minidj({"info", "--db", db, t.a.string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("Alice - First Light (Album One, 1999, House)"), std::string::npos) << r.out;
    r = run_minidj({"info", "--db", db, "--json", t.a.string()}, dir.path());
    EXPECT_EQ(nlohmann::json::parse(r.out).at("tags").at("artist"), "Alice") << r.out;

    r = run_minidj({"library", "list", "--db", db, "--json", "--artist", "alice"}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto tracks = nlohmann::json::parse(r.out).at("tracks");
    ASSERT_EQ(tracks.size(), 2u) << r.out;
    EXPECT_EQ(tracks[0].at("tags").at("title"), "First Light");
    EXPECT_EQ(tracks[1].at("tags").at("year"), 2001);
    r = run_minidj({"library", "list", "--db", db}, dir.path());
    EXPECT_NE(r.out.find("Bob - Second"), std::string::npos) << r.out;

    // Folder names would say a and b are by one artist ("Album One") and c by another.
    r = run_minidj({"recommend", "--db", db, "--json", "--exclude-artist", t.a.string()}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto results = nlohmann::json::parse(r.out).at("results");
    ASSERT_EQ(results.size(), 1u) << r.out;
    EXPECT_EQ(results[0].at("path"), t.b.string());

    // No artist twice within two tracks: Bob must be in the middle.
    r = run_minidj({"set", "--db", db, "--tracks", "3", "--no-repeat-artist", "2", "--plan-only", "--bars", "4"},
                   dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto plan = nlohmann::json::parse(r.out);
    ASSERT_EQ(plan.at("tracks").size(), 3u) << r.out;
    EXPECT_EQ(plan.at("tracks")[1], t.b.string()) << r.out;
}

}  // namespace
}  // namespace minidj::test
