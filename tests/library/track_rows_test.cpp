// Track rows (docs/library.md, "Track rows"): what recommend, set and play read for every track,
// stored with its analysis, kept in step with tags, moves and removals, computed once for a
// library stored by an older minidj, and still answered when the library cannot be written.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "library/sample_analysis.h"
#include "library/temp_dir.h"
#include "minidj/library.h"

namespace minidj {
namespace {

using test_support::RawDb;
using test_support::sample_analysis;
using test_support::TempDir;

std::unique_ptr<Library> open_ok(const std::filesystem::path& file, LibraryOptions options = {}) {
    auto library = Library::open(file, options);
    EXPECT_TRUE(library.ok()) << library.error().message;
    return library.ok() ? std::move(library).value() : nullptr;
}

FileIdentity identity(int i) {
    return {fmt::format("/m/{}.flac", i), 10 + i, 20 + i, fmt::format("{:016x}", 0xab00 + i)};
}

// Three tracks; the middle one with another meter and no key.
void store_three(Library& library) {
    for (int i = 0; i < 3; ++i) {
        auto a = sample_analysis(identity(i).path, i);
        if (i == 1) {
            a.grid.meter = 3;
            a.key.key.reset();
        }
        ASSERT_TRUE(library.store(identity(i), a, AudioTags{fmt::format("artist {}", i), "", "", "", 0}).ok());
    }
}

// A library file with the three tracks, then `sql` run on it behind minidj's back.
void three_tracks_then(const std::filesystem::path& file, const std::string& sql) {
    {
        auto library = open_ok(file);
        ASSERT_TRUE(library);
        store_three(*library);
    }
    RawDb raw(file);
    ASSERT_EQ(raw.exec(sql), SQLITE_OK);
}

// The row a track's stored analysis gives, byte for byte.
void expect_row_of_stored(Library& library, const TrackRow& row) {
    auto stored = library.load(row.features.path);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    const TrackAnalysis& a = *stored.value();
    EXPECT_EQ(brain::encode_features(row.features), brain::encode_features(brain::track_features(a)))
        << row.features.path;
    EXPECT_EQ(row.meter, a.grid.meter);
    EXPECT_EQ(row.key, a.key.key);
    EXPECT_DOUBLE_EQ(row.duration_s, a.duration_s);
}

TEST(TrackRows, StoredWithEachAnalysisAndReadInOneQuery) {
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    store_three(*library);
    const auto rows = library->rows();
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    EXPECT_EQ(rows->computed, 0u);
    EXPECT_TRUE(rows->skipped.empty());
    ASSERT_EQ(rows->rows.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        const auto& row = rows->rows[std::size_t(i)];
        EXPECT_EQ(row.features.path, identity(i).path);
        EXPECT_EQ(row.features.artist, fmt::format("artist {}", i));
        EXPECT_EQ(row.content_hash, identity(i).content_hash);
        expect_row_of_stored(*library, row);
    }
    EXPECT_EQ(rows->rows[1].meter, 3);
    EXPECT_FALSE(rows->rows[1].key);
    EXPECT_EQ(rows->rows[0].features.camelot_number, 8);  // A minor
}

TEST(TrackRows, FollowTagsMovesReanalysesAndRemovals) {
    auto library = open_ok(":memory:");
    ASSERT_TRUE(library);
    store_three(*library);
    ASSERT_TRUE(library->store_tags(identity(0).path, AudioTags{"Renamed", "", "", "", 0}).ok());
    FileIdentity moved = identity(1);
    moved.path = "/n/moved.flac";
    ASSERT_TRUE(library->move(identity(1).path, moved).ok());
    ASSERT_TRUE(library->store(identity(2), sample_analysis(identity(2).path, 7)).ok());  // re-analysed
    auto rows = library->rows();
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->rows.size(), 3u);
    EXPECT_EQ(rows->rows[0].features.artist, "Renamed");
    EXPECT_EQ(rows->rows[1].features.path, identity(2).path);
    EXPECT_DOUBLE_EQ(rows->rows[1].features.bpm, 127.0);
    expect_row_of_stored(*library, rows->rows[1]);
    EXPECT_EQ(rows->rows[2].features.path, "/n/moved.flac");
    ASSERT_TRUE(library->remove(identity(0).path).value());
    rows = library->rows();
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->rows.size(), 2u);
    EXPECT_EQ(rows->computed, 0u);
}

TEST(TrackRows, ALibraryOfSchema3GetsItsRowsComputedOnceAndKept) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    std::vector<TrackAnalysis> stored;
    {
        auto library = open_ok(file);
        ASSERT_TRUE(library);
        store_three(*library);
        for (int i = 0; i < 3; ++i) stored.push_back(*library->load(identity(i).path).value());
    }
    {
        RawDb raw(file);  // as minidj before track rows and compact storage left it
        for (const auto& a : stored) ASSERT_EQ(raw.exec(test_support::as_stored_before_schema5(a)), SQLITE_OK);
        ASSERT_EQ(raw.exec("DROP TRIGGER track_rows_follow_tracks; DROP TRIGGER track_rows_incomplete_after_a_new_track; "
                           "DROP TABLE track_rows; DROP TABLE seam_cells; DROP TABLE track_rows_complete; "
                           "ALTER TABLE tracks DROP COLUMN storage; "
                           "DELETE FROM schema_migrations WHERE version >= 4; PRAGMA user_version = 3"),
                  SQLITE_OK);
    }
    auto library = open_ok(file);
    ASSERT_TRUE(library);
    std::vector<std::size_t> progress;
    auto rows = library->rows({}, [&](std::size_t done, std::size_t total) {
        EXPECT_EQ(total, 3u);
        progress.push_back(done);
    });
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    EXPECT_EQ(rows->computed, 3u);
    EXPECT_EQ(rows->store_error, "");
    EXPECT_EQ(progress, (std::vector<std::size_t>{1, 2, 3}));
    ASSERT_EQ(rows->rows.size(), 3u);
    for (const auto& row : rows->rows) expect_row_of_stored(*library, row);
    rows = library->rows();
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->computed, 0u);
    EXPECT_EQ(rows->rows.size(), 3u);
}

TEST(TrackRows, RowsOfAnotherFeatureVersionAreComputedAgain) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    three_tracks_then(file, "UPDATE track_rows SET feature_version = 0, features = x'00' WHERE track_id = 2");
    auto library = open_ok(file);
    ASSERT_TRUE(library);
    const auto rows = library->rows();
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->computed, 1u);
    ASSERT_EQ(rows->rows.size(), 3u);
    expect_row_of_stored(*library, rows->rows[1]);
}

// A big library is not counted at every query: a mark says every track has its row, kept by
// store() and cleared (by triggers) by anything that could leave a track without one.
TEST(TrackRows, TheMarkThatEveryTrackHasItsRowIsClearedByWhatBreaksIt) {
    TempDir dir;
    const auto file = dir.path() / "library.sqlite";
    auto library = open_ok(file);
    ASSERT_TRUE(library);
    store_three(*library);
    const auto marked = [&] { return RawDb(file).query("SELECT count(*) FROM track_rows_complete"); };
    EXPECT_EQ(marked(), "0");  // not counted yet
    ASSERT_EQ(library->rows()->rows.size(), 3u);
    EXPECT_EQ(marked(), "1");
    ASSERT_TRUE(library->store(identity(3), sample_analysis(identity(3).path, 3)).ok());
    EXPECT_EQ(marked(), "1");  // store() wrote the new track's row
    // Another minidj (another feature version) analysed a track again: its row is not ours.
    ASSERT_EQ(RawDb(file).exec("UPDATE track_rows SET feature_version = 9 WHERE track_id = 2"), SQLITE_OK);
    EXPECT_EQ(marked(), "0");
    auto rows = library->rows();
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->computed, 1u);
    EXPECT_EQ(rows->rows.size(), 4u);
    EXPECT_EQ(library->rows()->rows.size(), 4u);  // the count that finds every row marks it
    EXPECT_EQ(marked(), "1");
    ASSERT_TRUE(library->remove(identity(0).path).ok());
    EXPECT_EQ(marked(), "0");  // counted once more next time: removals are rare
    EXPECT_EQ(library->rows()->rows.size(), 3u);
    EXPECT_EQ(marked(), "1");
}

TEST(TrackRows, ALockedLibraryStillAnswersAndSaysWhyNothingWasKept) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    three_tracks_then(file, "DELETE FROM track_rows");
    LibraryOptions quick;
    quick.busy_timeout = std::chrono::milliseconds(50);
    auto library = open_ok(file, quick);
    ASSERT_TRUE(library);
    RawDb writer(file);
    ASSERT_EQ(writer.exec("BEGIN IMMEDIATE"), SQLITE_OK);  // another process holds the write lock
    const auto rows = library->rows();
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    EXPECT_EQ(rows->computed, 3u);
    EXPECT_NE(rows->store_error.find("locked"), std::string::npos) << rows->store_error;
    ASSERT_EQ(rows->rows.size(), 3u);
    for (const auto& row : rows->rows) expect_row_of_stored(*library, row);
    ASSERT_EQ(writer.exec("ROLLBACK"), SQLITE_OK);
}

// The pre-filter recommend uses: tempo ranges and Camelot codes, with beatless and keyless
// tracks passing any (they fit any, as in the rulebook); stored rows and rows computed now alike.
TEST(TrackRows, AFilterKeepsTheTemposAndKeysAskedForAndTracksThatFitAny) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    auto library = open_ok(file);
    ASSERT_TRUE(library);
    // bpm 120 (8A), 121 (no key), 130 (8A), 0 (no beat, 8A), 122 (3B)
    const std::vector<std::pair<double, std::optional<MusicalKey>>> tracks = {
        {120, MusicalKey{9, true}}, {121, std::nullopt}, {130, MusicalKey{9, true}}, {0, MusicalKey{9, true}},
        {122, MusicalKey{2, false}}};
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        auto a = sample_analysis(identity(int(i)).path, int(i));
        a.grid.bpm = tracks[i].first;
        if (tracks[i].first == 0) a.grid.beats.clear(), a.grid.downbeats.clear(), a.beat_features.values.clear();
        a.key.key = tracks[i].second;
        ASSERT_TRUE(library->store(identity(int(i)), a).ok());
    }
    const RowFilter filter{{{115.0, 125.0}}, {"8A", "9A"}, {}};
    const auto paths_of = [](const TrackRows& rows) {
        std::vector<std::string> out;
        for (const auto& r : rows.rows) out.push_back(r.features.path);
        return out;
    };
    const std::vector<std::string> expected = {identity(0).path, identity(1).path, identity(3).path};
    // A tempo range alone (a seed without a key) keeps every key, and no key.
    const auto by_tempo = library->rows(RowFilter{{{115.0, 125.0}}, {}, {}});
    ASSERT_TRUE(by_tempo.ok());
    EXPECT_EQ(paths_of(by_tempo.value()),
              (std::vector<std::string>{identity(0).path, identity(1).path, identity(3).path, identity(4).path}));
    auto rows = library->rows(filter);
    ASSERT_TRUE(rows.ok()) << rows.error().message;
    EXPECT_EQ(paths_of(rows.value()), expected);
    EXPECT_EQ(library->rows().value().rows.size(), 5u);
    {
        RawDb raw(file);  // rows to compute: the same filter applies to them
        ASSERT_EQ(raw.exec("DELETE FROM track_rows"), SQLITE_OK);
    }
    LibraryOptions quick;
    quick.busy_timeout = std::chrono::milliseconds(50);
    auto locked = open_ok(file, quick);
    RawDb writer(file);
    ASSERT_EQ(writer.exec("BEGIN IMMEDIATE"), SQLITE_OK);
    rows = locked->rows(filter);
    ASSERT_TRUE(rows.ok());
    EXPECT_FALSE(rows->store_error.empty());
    EXPECT_EQ(paths_of(rows.value()), expected);
    ASSERT_EQ(writer.exec("ROLLBACK"), SQLITE_OK);
    rows = locked->rows(filter);
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->computed, 5u);
    EXPECT_EQ(paths_of(rows.value()), expected);
}

TEST(FeatureBytes, RoundTripAndRefuseOtherBytes) {
    brain::TrackFeatures f;
    f.bpm = 123.456789;
    f.camelot_number = 11;
    f.minor = true;
    f.loudness_lufs = -8.5;
    f.energy_db = -17.25;
    f.brightness_hz = 2345.5;
    f.onset_density = 3.125;
    for (std::size_t i = 0; i < f.mfcc.size(); ++i) f.mfcc[i] = float(i) - 6.5f;
    f.outgoing = {{}, true};
    for (std::size_t i = 0; i < f.outgoing.values.size(); ++i) f.outgoing.values[i] = 0.5f * float(i);
    const auto bytes = brain::encode_features(f);
    const auto back = brain::decode_features(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(brain::encode_features(*back), bytes);
    EXPECT_EQ(back->bpm, f.bpm);
    EXPECT_EQ(back->camelot_number, 11);
    EXPECT_TRUE(back->minor && back->outgoing.present && !back->incoming.present);
    EXPECT_EQ(back->outgoing.values, f.outgoing.values);
    EXPECT_FALSE(brain::decode_features(bytes.substr(1)));
    EXPECT_FALSE(brain::decode_features(""));
    auto bad = bytes;
    bad[5 * sizeof(double)] = 13;  // Camelot number 13
    EXPECT_FALSE(brain::decode_features(bad));
}

}  // namespace
}  // namespace minidj
