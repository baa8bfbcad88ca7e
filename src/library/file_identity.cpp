// identify_file: what makes a file "the same file" between runs, read cheaply.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "minidj/library.h"

namespace minidj {
namespace {

constexpr std::int64_t kEdge = 64 * 1024;   // hashed at both ends of the file
constexpr std::int64_t kSample = 4 * 1024;  // each sample in between
constexpr int kInnerSamples = 8;
constexpr std::int64_t kWholeFileLimit = 3 * kEdge;  // smaller files are hashed entirely

// A 64-bit multiply-rotate hash in the style of xxHash64: fast, well mixed, and ours (it is
// part of the library format, so it must never change with a dependency's version).
class Hash64 {
  public:
    explicit Hash64(std::uint64_t seed) : state_(seed ^ kPrime5) {}

    void update(const unsigned char* data, std::size_t size) {
        std::size_t i = 0;
        for (; i + 8 <= size; i += 8) mix(load64(data + i));
        for (; i < size; ++i) mix(data[i] * kPrime1);
        mix(size);
    }

    std::uint64_t digest() const {
        std::uint64_t h = state_;  // murmur3 finaliser: every input bit reaches every output bit
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 33;
        return h;
    }

  private:
    static constexpr std::uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
    static constexpr std::uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
    static constexpr std::uint64_t kPrime5 = 0x27D4EB2F165667C5ULL;

    static std::uint64_t load64(const unsigned char* p) {
        std::uint64_t v = 0;
        for (int b = 7; b >= 0; --b) v = (v << 8) | p[b];  // little-endian on every host
        return v;
    }
    static std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

    void mix(std::uint64_t word) {
        state_ ^= rotl(word * kPrime2, 31) * kPrime1;
        state_ = rotl(state_, 27) * kPrime1 + kPrime5;
    }

    std::uint64_t state_;
};

// Closes the descriptor on every path out of identify_file.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

// (offset, length) of every region hashed: the whole of a small file, else both edges and
// evenly spaced samples between them.
std::vector<std::array<std::int64_t, 2>> sampled_regions(std::int64_t size) {
    if (size <= kWholeFileLimit) return {{0, size}};
    std::vector<std::array<std::int64_t, 2>> regions = {{0, kEdge}};
    const std::int64_t inner_span = size - 2 * kEdge - kSample;
    for (int i = 1; i <= kInnerSamples; ++i) {
        regions.push_back({kEdge + inner_span * i / (kInnerSamples + 1), kSample});
    }
    regions.push_back({size - kEdge, kEdge});
    return regions;
}

// Reads exactly `length` bytes at `offset` (pread may return short counts).
bool read_region(int fd, std::int64_t offset, std::int64_t length,
                 std::vector<unsigned char>& buf) {
    buf.resize(static_cast<std::size_t>(length));
    errno = 0;  // a short file reads 0 bytes without setting errno
    std::int64_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd, buf.data() + done, static_cast<std::size_t>(length - done),
                                  static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += n;
    }
    return true;
}

}  // namespace

Result<FileIdentity> identify_file(const std::filesystem::path& path) {
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
    const std::string name = absolute.native();
    if (ec) return Error{fmt::format("library: {}: {}", path.native(), ec.message())};
    const FileDescriptor fd(::open(name.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return Error{fmt::format("library: {}: {}", name, std::strerror(errno))};
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return Error{fmt::format("library: {}: {}", name, std::strerror(errno))};
    }
    if (!S_ISREG(st.st_mode)) return Error{fmt::format("library: {}: not a regular file", name)};

    FileIdentity id;
    id.path = name;
    id.size = static_cast<std::int64_t>(st.st_size);
    id.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    Hash64 hash(static_cast<std::uint64_t>(id.size));
    std::vector<unsigned char> buf;
    for (const auto& [offset, length] : sampled_regions(id.size)) {
        if (!read_region(fd.get(), offset, length, buf)) {
            return Error{fmt::format("library: {}: read failed: {}", name,
                                     errno ? std::strerror(errno) : "file shrank while read")};
        }
        hash.update(buf.data(), buf.size());
    }
    id.content_hash = fmt::format("{:016x}", hash.digest());
    return id;
}

}  // namespace minidj
