// Two minidj runs on one library: a held lock gives a clear error and loses nothing; a killed
// writer loses nothing it already stored.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "library/sample_analysis.h"
#include "library/temp_dir.h"
#include "minidj/library.h"

namespace minidj {
namespace {

using test_support::RawDb;
using test_support::sample_analysis;
using test_support::TempDir;

FileIdentity identity_of(int n) {
    return FileIdentity{fmt::format("/music/track{:05}.flac", n), 1000 + n, n, "h"};
}

constexpr LibraryOptions kShortWait{std::chrono::milliseconds(50)};

TEST(LibraryLocking, HeldLockGivesClearErrorThenWorksAfterRelease) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    auto library = Library::open(file, kShortWait);
    ASSERT_TRUE(library.ok()) << library.error().message;
    ASSERT_TRUE((*library)->store(identity_of(1), sample_analysis("one", 1)).ok());

    RawDb other(file);  // "another minidj run" holding the write lock
    ASSERT_EQ(other.exec("BEGIN EXCLUSIVE"), SQLITE_OK);
    const Status blocked = (*library)->store(identity_of(2), sample_analysis("two", 2));
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.error().message,
              "library: " + file.native() +
                  ": database is locked by another process (another minidj run?)");
    // WAL: reading goes on while another process writes.
    auto during = (*library)->load("/music/track00001.flac");
    ASSERT_TRUE(during.ok()) << during.error().message;
    EXPECT_TRUE(during->has_value());
    // A second run opening the same library meanwhile is not blocked either.
    auto second = Library::open(file, kShortWait);
    ASSERT_TRUE(second.ok()) << second.error().message;

    ASSERT_EQ(other.exec("COMMIT"), SQLITE_OK);
    ASSERT_TRUE((*library)->store(identity_of(2), sample_analysis("two", 2)).ok());
    EXPECT_EQ((*library)->count().value(), 2u);
    EXPECT_EQ((*second)->count().value(), 2u);
    EXPECT_EQ(other.query("PRAGMA integrity_check"), "ok");
}

TEST(LibraryLocking, OpeningANewLibraryWhileLockedFailsClearly) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    RawDb other(file);  // creates an empty database and keeps its write lock
    ASSERT_EQ(other.exec("BEGIN EXCLUSIVE"), SQLITE_OK);
    auto library = Library::open(file, kShortWait);
    ASSERT_FALSE(library.ok());
    EXPECT_EQ(library.error().message,
              "library: " + file.native() +
                  ": database is locked by another process (another minidj run?)");
    ASSERT_EQ(other.exec("ROLLBACK"), SQLITE_OK);
    EXPECT_TRUE(Library::open(file, kShortWait).ok());
}

// The child stores tracks 0, 1, 2, ... and reports each one on the pipe after store() returned.
[[noreturn]] void store_until_killed(const std::filesystem::path& file, int report_fd) {
    auto library = Library::open(file);
    for (int n = 0; library.ok(); ++n) {
        if (!(*library)->store(identity_of(n), sample_analysis("kill", n)).ok()) break;
        if (::write(report_fd, &n, sizeof n) != sizeof n) break;
    }
    ::_exit(1);  // only reached on failure; the parent sees too few reports
}

// Reads reports until `wanted` arrived (or the pipe closed); returns every report read.
std::set<int> read_reports(int fd, std::size_t wanted) {
    std::set<int> reports;
    int n = 0;
    while (reports.size() < wanted && ::read(fd, &n, sizeof n) == sizeof n) reports.insert(n);
    return reports;
}

TEST(LibraryCrash, KilledWriterLosesNothingAlreadyStored) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(fds[0]);
        store_until_killed(file, fds[1]);
    }
    ::close(fds[1]);
    std::set<int> stored = read_reports(fds[0], 40);
    ASSERT_EQ(stored.size(), 40u) << "the child stopped storing early";
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status));
    stored.merge(read_reports(fds[0], SIZE_MAX));  // reports still in the pipe
    ::close(fds[0]);

    {
        RawDb raw(file);
        EXPECT_EQ(raw.query("PRAGMA integrity_check"), "ok");
    }
    auto library = Library::open(file);
    ASSERT_TRUE(library.ok()) << library.error().message;
    for (const int n : stored) {
        auto loaded = (*library)->load(identity_of(n).path);
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        ASSERT_TRUE(loaded->has_value()) << "track " << n << " was reported stored but is lost";
        EXPECT_DOUBLE_EQ((*loaded)->grid.bpm, 120.0 + n);
        EXPECT_TRUE((*library)->is_current(identity_of(n)).value());
    }
    EXPECT_GE((*library)->count().value(), stored.size());
    ASSERT_TRUE((*library)->store(identity_of(-1), sample_analysis("after", 0)).ok());
    EXPECT_TRUE((*library)->load(identity_of(-1).path).value().has_value());
}

}  // namespace
}  // namespace minidj
