// AtomicFile: a unique temporary file beside the final one, synced and renamed into place.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>
#include <utility>

#include "minidj/files.h"

namespace minidj {
namespace {

// Six characters from [a-z0-9]: 2 billion names, tried until one is free (O_EXCL).
std::string random_tag() {
    static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937_64 rng(
        std::random_device{}() ^
        std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) ^
        std::uint64_t(::getpid()));
    std::string tag(6, 'x');
    for (char& c : tag) c = kChars[rng() % (sizeof(kChars) - 1)];
    return tag;
}

std::string errno_text(int err) { return std::strerror(err); }

// A crash right after the rename must not lose the new directory entry. Best effort: some
// file systems cannot sync a directory, and the file itself is already safe.
void sync_folder(const std::filesystem::path& folder) {
    const int fd =
        ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path final_path, std::filesystem::path temp, int fd,
                       std::string component)
    : final_(std::move(final_path)),
      temp_(std::move(temp)),
      fd_(fd),
      component_(std::move(component)) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : final_(std::move(other.final_)),
      temp_(std::exchange(other.temp_, {})),
      fd_(std::exchange(other.fd_, -1)),
      component_(std::move(other.component_)) {}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
    if (this != &other) {
        discard();
        final_ = std::move(other.final_);
        temp_ = std::exchange(other.temp_, {});
        fd_ = std::exchange(other.fd_, -1);
        component_ = std::move(other.component_);
    }
    return *this;
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
}

Error AtomicFile::fail(std::string_view reason) const {
    return Error{fmt::format("{}: {}: {}", component_, printable_path(final_), reason)};
}

Result<AtomicFile> AtomicFile::create(const std::filesystem::path& final_path,
                                      std::string_view component) {
    const auto folder = final_path.parent_path();
    // Long names are cut so that the temporary name stays within NAME_MAX (255 bytes).
    const std::string name = final_path.filename().native().substr(0, 200);
    int err = 0;
    for (int attempt = 0; attempt < 100; ++attempt) {
        const auto temp = folder / fmt::format(".{}.{}.part", name, random_tag());
        // 0666 less the umask: the permissions any new file of the user's gets.
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) return AtomicFile(final_path, temp, fd, std::string(component));
        err = errno;
        if (err != EEXIST) break;
    }
    return Error{fmt::format("{}: {}: cannot create a temporary file beside it: {}", component,
                             printable_path(final_path), errno_text(err))};
}

Status AtomicFile::write(std::string_view bytes) {
    if (fd_ < 0) return fail("write after commit");
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail("cannot write: " + errno_text(n < 0 ? errno : EIO));
        bytes.remove_prefix(std::size_t(n));
    }
    return Ok{};
}

Status AtomicFile::commit() {
    if (fd_ < 0) return fail("committed twice");
    // The data must be on disk before the name points at it, or a power cut could leave an
    // empty or partial file under the final name.
    if (::fsync(fd_) != 0) return fail("cannot sync to disk: " + errno_text(errno));
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) return fail("cannot write: " + errno_text(errno));
    if (::rename(temp_.c_str(), final_.c_str()) != 0) {
        return fail("cannot rename the finished file into place: " + errno_text(errno));
    }
    temp_.clear();
    sync_folder(final_.parent_path());
    return Ok{};
}

Status write_file_atomically(const std::filesystem::path& file, std::string_view bytes,
                             std::string_view component) {
    auto out = AtomicFile::create(file, component);
    if (!out) return out.error();
    if (Status s = out.value().write(bytes); !s) return s;
    return out.value().commit();
}

}  // namespace minidj
