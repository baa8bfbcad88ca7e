#pragma once
/// @file files.h
/// The files minidj writes, and the names it prints. Every output goes through here:
///
/// - check_outputs() refuses, before any work starts, an output that is the same file as one
///   the run must not replace (an input track, a track in the library) or as another output;
/// - AtomicFile writes under a unique temporary name beside the final one and renames it into
///   place only when complete and synced to disk, so the final name holds either the old file
///   or the whole new one, and a failed run leaves no temporary file behind.
///
/// Thread safety: the functions are reentrant; an AtomicFile belongs to one thread at a time.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "minidj/result.h"

namespace minidj {

/// Printable form of a file name for messages: valid UTF-8 on one line. Bytes that are not
/// UTF-8 and control characters appear as \xNN escapes ("caf\xe9.wav"); the rest unchanged.
/// Use it whenever a path goes into an error or a log line.
std::string printable_path(const std::filesystem::path& path);

/// A file and how messages name it, e.g. {"a.flac", "-o a.flac"} or
/// {"/music/a.flac", "the input track /music/a.flac"}. Build roles with printable_path().
struct NamedFile {
    std::filesystem::path path;
    std::string role;
};

/// Ok when no output is the same file as a protected one or as an earlier output. "The same
/// file": the same absolute, lexically normal path, or, when both exist, the same device and
/// inode (a symlink or a hard link to it). Otherwise fails with the first clash, e.g.
/// "mix: -o a.flac: is the input track a.flac; refusing to overwrite it". Only stats files:
/// nothing is created or changed.
Status check_outputs(std::string_view component, const std::vector<NamedFile>& outputs,
                     const std::vector<NamedFile>& protected_files);

/// A new version of `final_path` being written. create() makes an empty file
/// ".<name>.XXXXXX.part" in the same folder (a name unique to this run, with the permissions a
/// new file gets from the umask); bytes go in with write() or by opening temp_path() (FFmpeg,
/// Cairo). commit() syncs the file, renames it over `final_path` (atomic: readers see the old
/// or the new file) and syncs the folder. Destroying an uncommitted AtomicFile removes the
/// temporary file. Errors read "<component>: <final path>: <reason>".
class AtomicFile {
public:
    static Result<AtomicFile> create(const std::filesystem::path& final_path,
                                     std::string_view component);
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    const std::filesystem::path& temp_path() const { return temp_; }
    const std::filesystem::path& final_path() const { return final_; }

    /// Appends to the temporary file.
    Status write(std::string_view bytes);
    /// fsync, rename into place, fsync of the folder. Once only.
    Status commit();

private:
    AtomicFile(std::filesystem::path final_path, std::filesystem::path temp, int fd,
               std::string component);
    Error fail(std::string_view reason) const;
    void discard();

    std::filesystem::path final_, temp_;
    int fd_ = -1;
    std::string component_;
};

/// Writes `bytes` to `file` through an AtomicFile.
Status write_file_atomically(const std::filesystem::path& file, std::string_view bytes,
                             std::string_view component);

}  // namespace minidj
