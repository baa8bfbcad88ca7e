// check_outputs: an output never replaces an input track, a library track or another output.
#include <fmt/format.h>
#include <sys/stat.h>

#include <optional>

#include "minidj/files.h"

namespace minidj {
namespace {

struct Inode {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const Inode&) const = default;
};

// Follows symlinks: a link to a track is that track.
std::optional<Inode> inode_of(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return Inode{st.st_dev, st.st_ino};
}

std::filesystem::path normal_absolute(const std::filesystem::path& path) {
    std::error_code ec;
    auto absolute = std::filesystem::absolute(path, ec);
    return (ec ? path : absolute).lexically_normal();
}

struct Identity {
    std::filesystem::path normal;
    std::optional<Inode> inode;
    bool same_as(const Identity& other) const {
        return normal == other.normal || (inode && other.inode && *inode == *other.inode);
    }
};

}  // namespace

Status check_outputs(std::string_view component, const std::vector<NamedFile>& outputs,
                     const std::vector<NamedFile>& protected_files) {
    std::vector<Identity> out;
    bool any_exists = false;
    for (const auto& o : outputs) {
        out.push_back({normal_absolute(o.path), inode_of(o.path)});
        any_exists = any_exists || out.back().inode;
        for (std::size_t k = 0; k + 1 < out.size(); ++k) {
            if (out[k].same_as(out.back())) {
                return Error{fmt::format("{}: {}: is the same file as {}; refusing to write both",
                                         component, o.role, outputs[k].role)};
            }
        }
    }
    for (const auto& p : protected_files) {
        // Only an existing output can be a link to a protected file: stat only then.
        const Identity id{normal_absolute(p.path), any_exists ? inode_of(p.path) : std::nullopt};
        for (std::size_t k = 0; k < out.size(); ++k) {
            if (out[k].same_as(id)) {
                return Error{fmt::format("{}: {}: is {}; refusing to overwrite it", component,
                                         outputs[k].role, p.role)};
            }
        }
    }
    return Ok{};
}

}  // namespace minidj
