// Safe JSON text: paths of any bytes (U+FFFD text plus exact hex bytes) and a dump that never
// throws.
#include "minidj/json_text.h"

#include <fmt/format.h>

#include <optional>

#include "util/utf8.h"

namespace minidj {
namespace {

using nlohmann::json;

std::string to_hex(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) out += fmt::format("{:02x}", static_cast<unsigned char>(c));
    return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
    const auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = nibble(hex[i]);
        const int lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

Error field_error(const std::string& field, std::string_view reason) {
    return Error{fmt::format("{}: {}", field, reason)};
}

// The path held by `text` and, when present, its hex twin.
Result<std::string> path_value(const json& text, const json* hex, const std::string& field,
                               const std::string& hex_field) {
    if (hex && !hex->is_null()) {
        if (!hex->is_string()) return field_error(hex_field, "expected a string of hex digits");
        auto bytes = from_hex(hex->get_ref<const std::string&>());
        if (!bytes) return field_error(hex_field, "expected an even number of hex digits");
        return *bytes;
    }
    if (!text.is_string()) return field_error(field, "expected a path (a string)");
    return text.get<std::string>();
}

}  // namespace

void put_path(json& object, const std::string& key, const std::string& path) {
    if (auto replaced = replace_invalid_utf8(path)) {
        object[key] = *replaced;
        object[key + "_bytes_hex"] = to_hex(path);
    } else {
        object[key] = path;
    }
}

void put_paths(json& object, const std::string& key, const std::vector<std::string>& paths) {
    json text = json::array(), hex = json::array();
    bool any_replaced = false;
    for (const auto& path : paths) {
        if (auto replaced = replace_invalid_utf8(path)) {
            text.push_back(*replaced);
            hex.push_back(to_hex(path));
            any_replaced = true;
        } else {
            text.push_back(path);
            hex.push_back(nullptr);
        }
    }
    object[key] = std::move(text);
    if (any_replaced) object[key + "_bytes_hex"] = std::move(hex);
}

Result<std::string> get_path(const json& object, const std::string& key) {
    if (!object.is_object() || !object.contains(key)) return field_error(key, "missing");
    const auto hex = object.find(key + "_bytes_hex");
    return path_value(object[key], hex == object.end() ? nullptr : &*hex, key, key + "_bytes_hex");
}

Result<std::vector<std::string>> get_paths(const json& object, const std::string& key) {
    if (!object.is_object() || !object.contains(key)) return field_error(key, "missing");
    const json& text = object[key];
    if (!text.is_array()) return field_error(key, "expected an array of paths");
    const auto hex_it = object.find(key + "_bytes_hex");
    const json* hex = hex_it == object.end() ? nullptr : &*hex_it;
    if (hex && (!hex->is_array() || hex->size() != text.size())) {
        return field_error(key + "_bytes_hex",
                           fmt::format("expected an array of {} entries", text.size()));
    }
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto path = path_value(text[i], hex ? &(*hex)[i] : nullptr, fmt::format("{}[{}]", key, i),
                               fmt::format("{}_bytes_hex[{}]", key, i));
        if (!path) return path.error();
        paths.push_back(std::move(path.value()));
    }
    return paths;
}

std::string dump_json(const json& value, int indent) {
    return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace minidj
