// Library rows that follow the files: tags and the migration that adds them, find/remove/move,
// file checks, filters, stats, prune and relocate on real files (any bytes: identity is a hash).
#include "minidj/library_tools.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "library/sample_analysis.h"
#include "library/schema.h"
#include "library/temp_dir.h"

namespace minidj {
namespace {

using test_support::RawDb;
using test_support::read_file;
using test_support::sample_analysis;
using test_support::TempDir;
using test_support::write_file;

std::unique_ptr<Library> open_ok(const std::filesystem::path& file) {
    auto library = Library::open(file);
    EXPECT_TRUE(library.ok()) << library.error().message;
    return library.ok() ? std::move(library).value() : nullptr;
}

// A file with `bytes` stored in the library as analysed now.
FileIdentity store_file(Library& library, const std::filesystem::path& path, const std::string& bytes,
                        std::optional<AudioTags> tags = std::nullopt) {
    std::filesystem::create_directories(path.parent_path());
    write_file(path, bytes);
    auto id = identify_file(path);
    EXPECT_TRUE(id.ok());
    EXPECT_TRUE(library.store(id.value(), sample_analysis(path.string()), tags).ok());
    return id.value();
}

TEST(LibraryTags, StoredWithTheAnalysisAndKeptWhenNotGiven) {
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    const FileIdentity id{"/m/a.flac", 10, 20, "00000000000000aa"};
    const AudioTags tags{"Alice", "One", "First", "House", 1999};
    ASSERT_TRUE(library->store(id, sample_analysis("/m/a.flac"), tags).ok());
    auto row = library->find("/m/a.flac");
    ASSERT_TRUE(row.ok() && row->has_value());
    EXPECT_EQ((*row)->tags, tags);
    EXPECT_TRUE((*row)->tags_read);
    EXPECT_EQ((*row)->content_hash, "00000000000000aa");
    // Re-analysed without reading tags: the row keeps them.
    ASSERT_TRUE(library->store(id, sample_analysis("/m/a.flac", 1)).ok());
    EXPECT_EQ(library->find("/m/a.flac").value()->tags, tags);
    ASSERT_TRUE(library->store_tags("/m/a.flac", AudioTags{"Bob", "", "", "", 0}).ok());
    EXPECT_EQ(library->list().value()[0].tags.artist, "Bob");
    EXPECT_FALSE(library->store_tags("/m/none.flac", tags).ok());
}

TEST(LibraryTags, ALibraryOfSchema2MigratesKeepingItsTracksWithTagsNotYetRead) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    {
        RawDb raw(file);  // a library as schema version 2 left it, with one track
        for (int i = 0; i < 2; ++i) ASSERT_EQ(raw.exec(library_detail::migrations()[std::size_t(i)].sql), SQLITE_OK);
        ASSERT_EQ(raw.exec("INSERT INTO tracks (path, size, mtime_ns, content_hash, analyzer_version, analysed_at, "
                           "bpm, analysis_json, beat_features, mfcc_cov) VALUES (CAST('/m/old.flac' AS BLOB), 1, 2, "
                           "'ab', 4, '2024-01-01T00:00:00Z', 128, '{}', x'', x'')"),
                  SQLITE_OK);
        ASSERT_EQ(raw.exec("PRAGMA user_version = 2"), SQLITE_OK);
    }
    auto library = open_ok(file);
    ASSERT_TRUE(library);
    auto rows = library->list();
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_DOUBLE_EQ((*rows)[0].bpm, 128.0);
    EXPECT_TRUE((*rows)[0].tags.empty());
    EXPECT_FALSE((*rows)[0].tags_read);
    RawDb raw(file);
    EXPECT_EQ(raw.query("PRAGMA user_version"), std::to_string(library_detail::latest_schema_version()));
}

TEST(LibraryRows, OpenWithoutCreateRefusesAMissingFileAndMakesNothing) {
    TempDir dir;
    LibraryOptions options;
    options.create = false;
    auto library = Library::open(dir / "sub" / "lib.sqlite", options);
    ASSERT_FALSE(library.ok());
    EXPECT_NE(library.error().message.find("lib.sqlite: no library here"), std::string::npos) << library.error().message;
    EXPECT_FALSE(std::filesystem::exists(dir / "sub"));
}

TEST(LibraryRows, RemoveMoveAndFindByContent) {
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    const FileIdentity a{"/m/a.flac", 10, 20, "00000000000000aa"}, b{"/m/b.flac", 11, 21, "00000000000000bb"};
    ASSERT_TRUE(library->store(a, sample_analysis("a")).ok());
    ASSERT_TRUE(library->store(b, sample_analysis("b")).ok());
    EXPECT_EQ(library->find_content("00000000000000aa").value().size(), 1u);

    EXPECT_FALSE(library->move("/m/a.flac", FileIdentity{"/n/a.flac", 10, 30, "ffffffffffffffff"}).ok());  // not its content
    EXPECT_FALSE(library->move("/m/a.flac", FileIdentity{"/m/b.flac", 10, 30, a.content_hash}).ok());  // taken
    ASSERT_TRUE(library->move("/m/a.flac", FileIdentity{"/n/a.flac", 10, 30, a.content_hash}).ok());
    EXPECT_FALSE(library->find("/m/a.flac").value().has_value());
    auto moved = library->load("/n/a.flac");
    ASSERT_TRUE(moved.ok() && moved->has_value());
    EXPECT_EQ((*moved)->path, "/n/a.flac");
    EXPECT_EQ(library->find("/n/a.flac").value()->mtime_ns, 30);

    EXPECT_TRUE(library->remove("/m/b.flac").value());
    EXPECT_FALSE(library->remove("/m/b.flac").value());
    EXPECT_EQ(library->count().value(), 1u);
}

TEST(LibraryTools, CheckFileFiltersStatsAndPrune) {
    TempDir dir;
    auto library = open_ok(dir / "lib.sqlite");
    ASSERT_TRUE(library);
    store_file(*library, dir / "m/a.flac", "aaaa", AudioTags{"Alice", "Song", "Disc", "", 0});
    store_file(*library, dir / "m/b.flac", "bbbb");
    store_file(*library, dir / "m/c.flac", "cccc");
    auto rows = library->list().value();
    EXPECT_EQ(check_file(rows[0]), FileState::kUnchanged);
    write_file(dir / "m/b.flac", "changed");
    std::filesystem::remove(dir / "m/c.flac");
    EXPECT_EQ(check_file(rows[1]), FileState::kChanged);
    EXPECT_EQ(check_file(rows[2]), FileState::kMissing);

    TrackFilter filter;
    filter.text = "ALICE";
    EXPECT_EQ(find_tracks(*library, filter).value().size(), 1u);
    filter = {};
    filter.missing = true;
    ASSERT_EQ(find_tracks(*library, filter).value().size(), 1u);
    filter = {};
    filter.bpm = std::pair{130.0, 120.0};
    EXPECT_FALSE(filter.validate().ok());

    const auto stats = library_stats(*library, dir / "lib.sqlite").value();
    EXPECT_EQ(stats.tracks, 3u);
    EXPECT_EQ(stats.missing, 1u);
    EXPECT_GT(stats.file_bytes, 0u);

    EXPECT_EQ(prune_missing(*library, /*dry_run=*/true).value().size(), 1u);
    EXPECT_EQ(library->count().value(), 3u);
    const auto pruned = prune_missing(*library, /*dry_run=*/false).value();
    ASSERT_EQ(pruned.size(), 1u);
    EXPECT_EQ(std::filesystem::path(pruned[0]).filename(), "c.flac");
    EXPECT_EQ(library->count().value(), 2u);
    EXPECT_TRUE(std::filesystem::exists(dir / "m/b.flac"));  // rows only
}

TEST(LibraryTools, RelocateFollowsByContentOnlyUnderTheFolder) {
    TempDir dir;
    auto library = open_ok(dir / "lib.sqlite");
    ASSERT_TRUE(library);
    store_file(*library, dir / "old/a.flac", "aaaa");
    store_file(*library, dir / "old/sub/b.flac", "bbbb");
    store_file(*library, dir / "old/c.flac", "cccc");
    store_file(*library, dir / "older/d.flac", "dddd");  // a sibling whose name starts alike
    std::filesystem::rename(dir / "old", dir / "new");
    write_file(dir / "new/c.flac", "not the same");

    const auto r = relocate(*library, dir / "old/", dir / "new");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->moved.size(), 2u);
    ASSERT_EQ(r->left.size(), 1u);
    EXPECT_NE(r->left[0].second.find("content differs"), std::string::npos) << r->left[0].second;
    EXPECT_TRUE(library->find(dir / "new/sub/b.flac").value().has_value());
    EXPECT_TRUE(library->find(dir / "old/c.flac").value().has_value());
    EXPECT_TRUE(library->find(dir / "older/d.flac").value().has_value());
}

// Shards analysed elsewhere join a library: new paths added, a newer analyser's row (or the
// same analyser's of a newer file) replaces the library's, anything else is kept; the shard is
// never modified, and the library itself or a missing file is refused.
TEST(LibraryTools, MergeAddsNewPathsAndNewerAnalysesOnly) {
    TempDir dir;
    const auto main_file = dir / "main.sqlite", shard_file = dir / "shard.sqlite";
    const auto identity = [](const char* path, std::int64_t mtime) {
        return FileIdentity{path, 100, mtime, fmt::format("{:016x}", std::hash<std::string>{}(path))};
    };
    {
        auto main = open_ok(main_file);
        ASSERT_TRUE(main);
        ASSERT_TRUE(main->store(identity("/m/same.flac", 5), sample_analysis("/m/same.flac", 1)).ok());
        auto old = sample_analysis("/m/older.flac", 1);
        old.analyzer_version -= 1;
        ASSERT_TRUE(main->store(identity("/m/older.flac", 5), old).ok());
        ASSERT_TRUE(main->store(identity("/m/changed.flac", 5), sample_analysis("/m/changed.flac", 1)).ok());
        auto shard = open_ok(shard_file);
        ASSERT_TRUE(shard);
        ASSERT_TRUE(shard->store(identity("/m/new.flac", 5), sample_analysis("/m/new.flac", 2),
                                 AudioTags{"Artist", "Title", "", "", 2001})
                        .ok());
        ASSERT_TRUE(shard->store(identity("/m/same.flac", 5), sample_analysis("/m/same.flac", 2)).ok());
        ASSERT_TRUE(shard->store(identity("/m/older.flac", 5), sample_analysis("/m/older.flac", 2)).ok());
        ASSERT_TRUE(shard->store(identity("/m/changed.flac", 9), sample_analysis("/m/changed.flac", 2)).ok());
    }
    const auto before = read_file(shard_file);
    auto main = open_ok(main_file);
    ASSERT_TRUE(main);
    std::size_t calls = 0;
    const auto r = merge_library(*main, main_file, shard_file, [&](std::size_t, std::size_t total) {
        EXPECT_EQ(total, 4u);
        ++calls;
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(calls, 4u);
    EXPECT_EQ(r->added, 1u);
    EXPECT_EQ(r->replaced, 2u);  // older.flac (newer analyser), changed.flac (newer file)
    EXPECT_EQ(r->kept, 1u);      // same.flac: same analyser, same file
    EXPECT_TRUE(r->skipped.empty());
    const auto bpm_of = [&](const char* path) { return main->find(path).value()->bpm; };
    EXPECT_DOUBLE_EQ(bpm_of("/m/new.flac"), 122.0);      // seed 2
    EXPECT_DOUBLE_EQ(bpm_of("/m/older.flac"), 122.0);
    EXPECT_DOUBLE_EQ(bpm_of("/m/changed.flac"), 122.0);
    EXPECT_DOUBLE_EQ(bpm_of("/m/same.flac"), 121.0);     // the library's own
    EXPECT_EQ(main->find("/m/new.flac").value()->tags.artist, "Artist");
    EXPECT_EQ(main->rows().value().rows.size(), 4u);  // with their track rows
    EXPECT_EQ(read_file(shard_file), before);           // the shard untouched
    // Merging again changes nothing.
    EXPECT_EQ(merge_library(*main, main_file, shard_file).value().kept, 4u);
    const auto itself = merge_library(*main, main_file, main_file);
    ASSERT_FALSE(itself.ok());
    EXPECT_NE(itself.error().message.find("is the library itself"), std::string::npos);
    const auto missing = merge_library(*main, main_file, dir / "none.sqlite");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("no library here"), std::string::npos) << missing.error().message;
}

}  // namespace
}  // namespace minidj
