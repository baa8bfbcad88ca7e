// JSON text for any path bytes: the exact bytes come back, and dump_json never throws.
#include "minidj/json_text.h"

#include <gtest/gtest.h>

namespace minidj {
namespace {

using nlohmann::json;

const std::string kNotUtf8 = "/music/caf\xe9 \xff.flac";
const std::string kAwkward = "/music/sp ace \"dq\" 'sq'\nnew\tline\\.flac";

TEST(JsonText, PathsOfAnyBytesComeBackExactly) {
    for (const auto& path : {kNotUtf8, kAwkward, std::string("/plain/a.flac")}) {
        json j = json::object();
        put_path(j, "track_a", path);
        const auto text = dump_json(j, 2);
        const auto back = get_path(json::parse(text), "track_a");
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_EQ(back.value(), path);
    }
    json j = json::object();
    put_path(j, "path", kNotUtf8);
    EXPECT_EQ(j["path"], "/music/caf\xEF\xBF\xBD \xEF\xBF\xBD.flac");
    EXPECT_EQ(j["path_bytes_hex"], "2f6d757369632f636166e920ff2e666c6163");
    put_path(j, "other", "/x.flac");
    EXPECT_FALSE(j.contains("other_bytes_hex"));
}

TEST(JsonText, PathArraysKeepEachEntry) {
    const std::vector<std::string> paths = {"/a.flac", kNotUtf8, kAwkward};
    json j = json::object();
    put_paths(j, "tracks", paths);
    ASSERT_TRUE(j.contains("tracks_bytes_hex"));
    EXPECT_TRUE(j["tracks_bytes_hex"][0].is_null());
    const auto back = get_paths(json::parse(dump_json(j)), "tracks");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value(), paths);

    json plain = json::object();
    put_paths(plain, "tracks", {"/a.flac"});
    EXPECT_FALSE(plain.contains("tracks_bytes_hex"));
    EXPECT_EQ(get_paths(json{{"tracks", {"/a", 3}}}, "tracks").error().message,
              "tracks[1]: expected a path (a string)");
    EXPECT_EQ(
        get_paths(json{{"tracks", {"/a"}}, {"tracks_bytes_hex", {"zz"}}}, "tracks").error().message,
        "tracks_bytes_hex[0]: expected an even number of hex digits");
    EXPECT_EQ(get_path(json::object(), "track_a").error().message, "track_a: missing");
}

TEST(JsonText, DumpNeverThrowsOnInvalidBytes) {
    const json j = {{"notes", {kNotUtf8}}, {"x", 1}};
    EXPECT_THROW((void)j.dump(), json::type_error);  // what every writer used to call
    std::string text;
    EXPECT_NO_THROW(text = dump_json(j));
    EXPECT_EQ(text, "{\"notes\":[\"/music/caf\xEF\xBF\xBD \xEF\xBF\xBD.flac\"],\"x\":1}");
    EXPECT_EQ(valid_utf8("a\xffz"), "a\xEF\xBF\xBDz");
}

}  // namespace
}  // namespace minidj
