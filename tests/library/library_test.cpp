// Library: round trips, file identity, refusal of foreign or newer files, migrations.
#include "minidj/library.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "library/sample_analysis.h"
#include "library/schema.h"
#include "library/temp_dir.h"

namespace minidj {
namespace {

using test_support::expect_same_analysis;
using test_support::RawDb;
using test_support::read_file;
using test_support::sample_analysis;
using test_support::TempDir;
using test_support::write_file;

FileIdentity fake_identity(const std::string& path, int n = 0) {
    return FileIdentity{path, 1000 + n, 1'700'000'000'000'000'000 + n, fmt::format("{:016x}", n)};
}

std::unique_ptr<Library> open_ok(const std::filesystem::path& file, LibraryOptions options = {}) {
    auto library = Library::open(file, options);
    EXPECT_TRUE(library.ok()) << library.error().message;
    return library.ok() ? std::move(library).value() : nullptr;
}

void set_mtime_ns(const std::filesystem::path& file, std::int64_t ns) {
    const timespec t{static_cast<time_t>(ns / 1'000'000'000),
                     static_cast<long>(ns % 1'000'000'000)};
    const timespec times[2] = {t, t};
    ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
}

TEST(Library, StoreLoadRoundTripInMemory) {
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    const TrackAnalysis a = sample_analysis("/music/a.flac");
    ASSERT_TRUE(library->store(fake_identity("/music/a.flac"), a).ok());
    auto loaded = library->load("/music/a.flac");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    ASSERT_TRUE(loaded->has_value());
    expect_same_analysis(a, **loaded, test_support::Matrices::kLibrary);
    // The MFCC covariance is a float32 BLOB: exact. (The per-beat matrix is compact.)
    EXPECT_EQ((*loaded)->timbre.mfcc_cov, a.timbre.mfcc_cov);
    auto missing = library->load("/music/b.flac");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing->has_value());
}

TEST(Library, LoadUsesTheNormalAbsolutePath) {
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    ASSERT_TRUE(library->store(fake_identity("/music/x/../a.flac"), sample_analysis("a")).ok());
    auto loaded = library->load("/music/./a.flac");
    ASSERT_TRUE(loaded.ok());
    ASSERT_TRUE(loaded->has_value());
    EXPECT_EQ((*loaded)->path, "/music/a.flac");
}

TEST(Library, StoreReplacesAndListCounts) {
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    ASSERT_TRUE(library->store(fake_identity("/m/b.mp3"), sample_analysis("b", 1)).ok());
    ASSERT_TRUE(library->store(fake_identity("/m/a.mp3"), sample_analysis("a", 2)).ok());
    TrackAnalysis no_key = sample_analysis("a", 3);
    no_key.key.key.reset();
    ASSERT_TRUE(library->store(fake_identity("/m/a.mp3"), no_key).ok());
    EXPECT_EQ(library->count().value(), 2u);
    auto list = library->list();
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].path, "/m/a.mp3");
    EXPECT_DOUBLE_EQ((*list)[0].bpm, 123.0);
    EXPECT_EQ((*list)[0].key, "");
    EXPECT_EQ((*list)[0].camelot, "");
    EXPECT_EQ((*list)[1].path, "/m/b.mp3");
    EXPECT_EQ((*list)[1].key, "A minor");
    EXPECT_EQ((*list)[1].camelot, "8A");
    EXPECT_NEAR((*list)[1].loudness_lufs, -9.87, 1e-9);
    EXPECT_EQ((*list)[1].analyzer_version, kAnalyzerVersion);
}

TEST(Library, StoreLoadRoundTripOnDiskAcrossReopen) {
    TempDir dir;
    const auto file = dir / "deeper/folder/library.sqlite";  // parents are created
    const TrackAnalysis a = sample_analysis("/music/a.flac");
    {
        auto library = open_ok(file);
        ASSERT_TRUE(library);
        ASSERT_TRUE(library->store(fake_identity("/music/a.flac"), a).ok());
    }
    auto library = open_ok(file);
    ASSERT_TRUE(library);
    auto loaded = library->load("/music/a.flac");
    ASSERT_TRUE(loaded.ok() && loaded->has_value());
    expect_same_analysis(a, **loaded, test_support::Matrices::kLibrary);
    RawDb raw(file);
    EXPECT_EQ(raw.query("PRAGMA journal_mode"), "wal");
}

TEST(Library, IsCurrentFollowsSizeMtimeContentAndVersion) {
    TempDir dir;
    const auto song = dir / "song.wav";
    write_file(song, std::string(5000, 'a'));
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    auto id = identify_file(song);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_FALSE(library->is_current(*id).value());  // not stored yet
    ASSERT_TRUE(library->store(*id, sample_analysis(song)).ok());
    EXPECT_TRUE(library->is_current(*id).value());
    EXPECT_TRUE(library->is_current(*id, kAnalyzerVersion - 1).value());
    EXPECT_FALSE(library->is_current(*id, kAnalyzerVersion + 1).value());  // stored is older

    set_mtime_ns(song, id->mtime_ns + 1'000'000'000);
    EXPECT_FALSE(library->is_current(identify_file(song).value()).value());

    write_file(song, std::string(5000, 'b'));  // same size, new content, old mtime restored
    set_mtime_ns(song, id->mtime_ns);
    auto same_size = identify_file(song).value();
    EXPECT_EQ(same_size.size, id->size);
    EXPECT_EQ(same_size.mtime_ns, id->mtime_ns);
    EXPECT_FALSE(library->is_current(same_size).value());

    write_file(song, std::string(5001, 'a'));
    set_mtime_ns(song, id->mtime_ns);
    EXPECT_FALSE(library->is_current(identify_file(song).value()).value());
}

TEST(IdentifyFile, SeesChangesAndNamesMissingFiles) {
    TempDir dir;
    const auto small = dir / "small.mp3";
    write_file(small, std::string(1000, 'x'));
    const auto before = identify_file(small).value();
    EXPECT_EQ(before.path, small.lexically_normal().native());
    EXPECT_EQ(before.size, 1000);
    EXPECT_EQ(before.content_hash.size(), 16u);
    EXPECT_EQ(identify_file(small).value().content_hash, before.content_hash);  // stable
    std::string changed(1000, 'x');
    changed[500] = 'y';
    write_file(small, changed);
    EXPECT_NE(identify_file(small).value().content_hash, before.content_hash);

    auto missing = identify_file(dir / "nope.mp3");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              "library: " + (dir / "nope.mp3").native() + ": No such file or directory");
    EXPECT_FALSE(identify_file(dir.path()).ok());  // a folder
}

TEST(IdentifyFile, HugeFileIsSampledAtEdgesAndInside) {
    TempDir dir;
    const auto big = dir / "big.flac";
    std::string bytes(4 * 1024 * 1024, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 % 251);
    write_file(big, bytes);
    const auto base = identify_file(big).value().content_hash;
    for (const std::size_t at : {std::size_t{10}, bytes.size() - 10}) {  // inside the edges
        std::string edited = bytes;
        edited[at] ^= 1;
        write_file(big, edited);
        EXPECT_NE(identify_file(big).value().content_hash, base) << at;
    }
    write_file(big, bytes);
    EXPECT_EQ(identify_file(big).value().content_hash, base);
}

TEST(Library, NonUtf8PathIsStoredAndLoaded) {
    TempDir dir;
    const std::filesystem::path song = dir.path() / "caf\xE9 \xFF.mp3";  // Latin-1 bytes
    write_file(song, "not really audio");
    const auto file = dir / "library.sqlite";
    auto id = identify_file(song);
    ASSERT_TRUE(id.ok()) << id.error().message;
    {
        auto library = open_ok(file);
        ASSERT_TRUE(library);
        ASSERT_TRUE(library->store(*id, sample_analysis(song)).ok());
    }
    auto library = open_ok(file);
    ASSERT_TRUE(library);
    auto loaded = library->load(song);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    ASSERT_TRUE(loaded->has_value());
    EXPECT_EQ((*loaded)->path, song.native());
    EXPECT_TRUE(library->is_current(*id).value());
    EXPECT_EQ(library->list().value().at(0).path, song.native());
}

TEST(Library, NotADatabaseIsRefusedAndLeftUntouched) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    std::string text;
    for (int i = 0; i < 200; ++i) text += "these are my notes, not a database\n";
    write_file(file, text);
    auto library = Library::open(file);
    ASSERT_FALSE(library.ok());
    EXPECT_EQ(library.error().message,
              "library: " + file.native() + ": not a SQLite database (left untouched)");
    EXPECT_EQ(read_file(file), text);
    EXPECT_FALSE(std::filesystem::exists(file.native() + "-wal"));
    EXPECT_FALSE(std::filesystem::exists(file.native() + "-journal"));
}

TEST(Library, AnotherProgramsDatabaseIsRefused) {
    TempDir dir;
    const auto file = dir / "other.sqlite";
    {
        RawDb raw(file);
        ASSERT_EQ(raw.exec("CREATE TABLE songs (title TEXT)"), SQLITE_OK);
    }
    const std::string before = read_file(file);
    auto library = Library::open(file);
    ASSERT_FALSE(library.ok());
    EXPECT_NE(library.error().message.find("not a minidj library"), std::string::npos);
    EXPECT_EQ(read_file(file), before);
}

TEST(Library, NewerSchemaIsRefusedAndLeftUntouched) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    {
        auto library = open_ok(file);
        ASSERT_TRUE(library);
        ASSERT_TRUE(library->store(fake_identity("/m/a.mp3"), sample_analysis("a")).ok());
    }
    const int newer = library_detail::latest_schema_version() + 1;
    {
        RawDb raw(file);
        ASSERT_EQ(raw.exec("PRAGMA journal_mode = DELETE"), SQLITE_OK);  // one file to compare
        ASSERT_EQ(raw.exec("PRAGMA user_version = " + std::to_string(newer)), SQLITE_OK);
    }
    const std::string before = read_file(file);
    auto library = Library::open(file);
    ASSERT_FALSE(library.ok());
    EXPECT_EQ(library.error().message,
              fmt::format("library: {}: library schema version {} is from a newer minidj (this "
                          "one knows up to {}); left untouched, upgrade minidj to use it",
                          file.native(), newer, newer - 1));
    EXPECT_EQ(read_file(file), before);
}

TEST(Library, MigrationsRunOnceEach) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    ASSERT_TRUE(open_ok(file));
    const int latest = library_detail::latest_schema_version();
    std::string applied_at;
    {
        RawDb raw(file);
        EXPECT_EQ(raw.query("PRAGMA user_version"), std::to_string(latest));
        EXPECT_EQ(raw.query("SELECT count(*) FROM schema_migrations"), std::to_string(latest));
        EXPECT_NE(raw.query("SELECT description FROM schema_migrations WHERE version = 1"), "");
        applied_at = raw.query("SELECT group_concat(applied_at) FROM schema_migrations");
    }
    ASSERT_TRUE(open_ok(file));
    RawDb raw(file);
    EXPECT_EQ(raw.query("SELECT count(*) FROM schema_migrations"), std::to_string(latest));
    EXPECT_EQ(raw.query("SELECT group_concat(applied_at) FROM schema_migrations"), applied_at);
}

TEST(Library, OlderSchemaIsUpgradedKeepingTracks) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    {
        // A library as version 1 of the schema left it.
        RawDb raw(file);
        const auto& first = library_detail::migrations()[0];
        ASSERT_EQ(raw.exec(first.sql), SQLITE_OK);
        ASSERT_EQ(raw.exec("PRAGMA user_version = 1"), SQLITE_OK);
    }
    auto library = open_ok(file);
    ASSERT_TRUE(library);
    ASSERT_TRUE(library->store(fake_identity("/m/a.mp3"), sample_analysis("a")).ok());
    RawDb raw(file);
    EXPECT_EQ(raw.query("PRAGMA user_version"),
              std::to_string(library_detail::latest_schema_version()));
    EXPECT_EQ(raw.query("SELECT count(*) FROM sqlite_master WHERE name = 'tracks_by_bpm'"), "1");
}

// Tracks stored before minidj had a structure stage get theirs on load, from the stored per-beat
// matrix (compact storage included): no re-analysis, no decode.
TEST(Library, ATrackStoredWithoutStructureGetsItOnLoad) {
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    const TrackAnalysis old = test_support::quiet_then_full("/m/steps.flac");
    ASSERT_TRUE(old.structure.sections.empty());
    ASSERT_TRUE(library->store(fake_identity("/m/steps.flac"), old).ok());
    auto loaded = library->load("/m/steps.flac");
    ASSERT_TRUE(loaded.ok() && loaded->has_value());
    const TrackStructure& s = (*loaded)->structure;
    ASSERT_EQ(s.sections.size(), 2u);
    EXPECT_NEAR(s.sections[1].start_s, 16.0, 1e-3);
    EXPECT_EQ(s.sections[1].label, SectionLabel::kDrop);
    EXPECT_TRUE(s.mix_in.has_value());
}

TEST(Library, DefaultPathFollowsXdg) {
    const char* old_xdg = std::getenv("XDG_DATA_HOME");
    const std::string saved = old_xdg ? old_xdg : "";
    ::setenv("XDG_DATA_HOME", "/data/home", 1);
    EXPECT_EQ(Library::default_path(), "/data/home/minidj/library.sqlite");
    ::setenv("XDG_DATA_HOME", "relative/is/ignored", 1);
    EXPECT_EQ(Library::default_path().filename(), "library.sqlite");
    EXPECT_NE(Library::default_path().native().find("/.local/share/minidj/"), std::string::npos);
    if (old_xdg) {
        ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
    } else {
        ::unsetenv("XDG_DATA_HOME");
    }
}

}  // namespace
}  // namespace minidj
