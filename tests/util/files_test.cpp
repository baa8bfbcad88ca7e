// Outputs: the check that no output replaces a protected file (same path, symlink, hard link),
// and AtomicFile (unique temporary names, nothing left behind, permissions from the umask).
#include "minidj/files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "support/temp_dir.h"

namespace minidj {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string refusal(const fs::path& output, const fs::path& track) {
    const auto s = check_outputs("mix", {{output, "-o " + output.filename().string()}},
                                 {{track, "the input track " + track.filename().string()}});
    return s ? "" : s.error().message;
}

TEST(CheckOutputs, RefusesTheSameFileByPathSymlinkOrHardLink) {
    TempDir dir;
    const auto track = dir / "a.flac";
    write(track, "music");
    const std::string expected =
        "mix: -o a.flac: is the input track a.flac; refusing to overwrite it";
    EXPECT_EQ(refusal(track, track), expected);
    EXPECT_EQ(refusal(dir / "x" / ".." / "a.flac", track),
              "mix: -o a.flac: is the input track a.flac; refusing to overwrite it");
    fs::create_symlink(track, dir / "link.flac");
    EXPECT_EQ(refusal(dir / "link.flac", track),
              "mix: -o link.flac: is the input track a.flac; refusing to overwrite it");
    EXPECT_NE(refusal(track, dir / "link.flac"), "");  // and the other way round
    fs::create_hard_link(track, dir / "hard.flac");
    EXPECT_EQ(refusal(dir / "hard.flac", track),
              "mix: -o hard.flac: is the input track a.flac; refusing to overwrite it");
    // A relative name of the same file.
    const auto cwd = fs::current_path();
    fs::current_path(dir.path());
    EXPECT_EQ(refusal("a.flac", track), expected);
    fs::current_path(cwd);
    EXPECT_EQ(read(track), "music");  // nothing touched
}

TEST(CheckOutputs, AllowsOtherFilesNewFilesAndRefusesTwoOutputsInOne) {
    TempDir dir;
    write(dir / "a.flac", "music");
    write(dir / "old-mix.flac", "an earlier mix");
    EXPECT_EQ(refusal(dir / "old-mix.flac", dir / "a.flac"), "");
    EXPECT_EQ(refusal(dir / "new.flac", dir / "a.flac"), "");
    EXPECT_EQ(refusal(dir / "new.flac", dir / "gone.flac"), "");
    const auto s = check_outputs(
        "set", {{dir / "m.flac", "-o m.flac"}, {dir / "m.flac", "--plot m.flac"}}, {});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message,
              "set: --plot m.flac: is the same file as -o m.flac; refusing to write both");
}

TEST(AtomicFile, ReplacesOnlyOnCommitAndLeavesNothingWhenAbandoned) {
    TempDir dir;
    const auto target = dir / "out.json";
    write(target, "old");
    {
        auto a = AtomicFile::create(target, "test");
        ASSERT_TRUE(a.ok()) << a.error().message;
        auto b = AtomicFile::create(target, "test");  // a second run writing the same output
        ASSERT_TRUE(b.ok()) << b.error().message;
        EXPECT_NE(a->temp_path(), b->temp_path());
        EXPECT_EQ(a->temp_path().parent_path(), dir.path());
        EXPECT_EQ(a->temp_path().filename().string().rfind(".out.json.", 0), 0u) << a->temp_path();
        EXPECT_EQ(a->temp_path().extension(), ".part");
        ASSERT_TRUE(a->write("new from a").ok());
        ASSERT_TRUE(b->write("new from b").ok());
        EXPECT_EQ(read(target), "old");
        ASSERT_TRUE(a->commit().ok());
        EXPECT_EQ(read(target), "new from a");
        EXPECT_FALSE(a->commit().ok());  // once only
    }                                    // b abandoned
    EXPECT_EQ(read(target), "new from a");
    EXPECT_TRUE(test::part_files(dir.path()).empty());
}

TEST(AtomicFile, NewFilesGetTheUmaskPermissionsAndErrorsNameTheFile) {
    TempDir dir;
    const mode_t old = ::umask(022);
    ASSERT_TRUE(write_file_atomically(dir / "a.txt", "x", "test").ok());
    ::umask(old);
    EXPECT_EQ(fs::status(dir / "a.txt").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                  fs::perms::others_read);
    const auto s = write_file_atomically(dir / "no" / "such" / "b.txt", "x", "test");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message.rfind("test: " + (dir / "no" / "such" / "b.txt").string() +
                                          ": cannot create a temporary file beside it: ",
                                      0),
              0u)
        << s.error().message;
    // A name as long as the file system allows still gets a temporary name that fits.
    const std::string longest(255, 'n');
    ASSERT_TRUE(write_file_atomically(dir / longest, "long", "test").ok());
    EXPECT_EQ(read(dir / longest), "long");
}

}  // namespace
}  // namespace minidj
