// parse_duration: every accepted form, and the text a person gets for the rest.
#include "minidj/parse.h"

#include <gtest/gtest.h>

#include <string>

namespace minidj {
namespace {

double seconds(const char* text) {
    const auto r = parse_duration(text);
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : -1.0;
}

std::string error_of(const std::string& text) {
    const auto r = parse_duration(text);
    EXPECT_FALSE(r.ok()) << '"' << text << "\" was accepted as " << (r.ok() ? r.value() : 0.0);
    return r.ok() ? "" : r.error().message;
}

TEST(ParseDuration, AcceptsUnitsClockTimesAndBareSeconds) {
    EXPECT_EQ(seconds("90m"), 5400);
    EXPECT_EQ(seconds("1h30m"), 5400);
    EXPECT_EQ(seconds("1h30m15s"), 5415);
    EXPECT_EQ(seconds("1.5h"), 5400);
    EXPECT_EQ(seconds("3600s"), 3600);
    EXPECT_EQ(seconds("3600"), 3600);
    EXPECT_EQ(seconds("45:00"), 2700);
    EXPECT_EQ(seconds("1:30:00"), 5400);
    EXPECT_EQ(seconds("0:30"), 30);
    EXPECT_EQ(seconds(".5h"), 1800);
    EXPECT_EQ(seconds("24h"), 86400);
}

TEST(ParseDuration, RefusesWhatStodWouldHaveReadOrThrownOn) {
    const std::string expected = "expected a length like 90m, 1h30m, 45:00 or 3600s";
    for (const char* bad : {".",     "",    "-5m", "+5m",  "abc", "5 m",     " 5m",    "5m ",
                            "1e3",   "inf", "nan", "0x10", "5mm", "30m1h",   "1h1h",   "5ms",
                            "1..5m", "45:", ":30", "1:60", "1:5", "1:2:3:4", "45:00m", "5m30"}) {
        EXPECT_EQ(error_of(bad), expected) << bad;
    }
    EXPECT_EQ(error_of("0m"), "must be longer than 0");
    EXPECT_EQ(error_of("0:00"), "must be longer than 0");
    EXPECT_EQ(error_of("25h"), "90000 s is longer than the 24 h maximum");
    EXPECT_NE(error_of("99999999999999999999h").find("maximum"), std::string::npos);
    EXPECT_EQ(error_of(std::string(400, '9')), expected);
}

}  // namespace
}  // namespace minidj
