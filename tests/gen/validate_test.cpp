// Bad specs are refused with a message naming the field and the value.
#include <gtest/gtest.h>

#include "minidj/generator.h"

namespace minidj::gen {
namespace {

std::string error_of(const SongSpec& spec) {
    const Status status = spec.validate();
    return status.ok() ? "" : status.error().message;
}

TEST(GenValidate, DefaultsAndEdgesAreValid) {
    EXPECT_TRUE(SongSpec{}.validate().ok());
    SongSpec spec;
    spec.bpm = 60.0;
    spec.drift = 0.02;
    spec.swing = 0.5;
    spec.meter = 3;
    spec.bars = 16;
    EXPECT_TRUE(spec.validate().ok());
    spec.bpm = 180.0;
    spec.drift = -0.02;
    EXPECT_TRUE(spec.validate().ok());
}

TEST(GenValidate, BadFieldsAreNamed) {
    SongSpec spec;
    spec.bpm = 250.0;
    EXPECT_EQ(error_of(spec), "gen: bpm 250 outside 60..180");
    spec = {};
    spec.bpm = 59.9;
    EXPECT_EQ(error_of(spec), "gen: bpm 59.9 outside 60..180");
    spec = {};
    spec.bpm = std::nan("");
    EXPECT_NE(error_of(spec).find("bpm"), std::string::npos);
    spec = {};
    spec.meter = 5;
    EXPECT_EQ(error_of(spec), "gen: meter 5 is not 3 or 4");
    spec = {};
    spec.compound = true;
    spec.meter = 3;
    EXPECT_EQ(error_of(spec), "gen: compound meter 3 is not 2 (6/8) or 4 (12/8)");
    spec.meter = 2;
    spec.swing = 0.2;
    EXPECT_EQ(error_of(spec), "gen: a compound meter has no swing (its eighths are already three)");
    spec.swing = 0.0;
    EXPECT_TRUE(spec.validate().ok());
    spec = {};
    spec.meter = 2;  // 2/4 is not offered
    EXPECT_EQ(error_of(spec), "gen: meter 2 is not 3 or 4");
    spec = {};
    spec.drift = 0.05;
    EXPECT_EQ(error_of(spec), "gen: drift 0.05 outside -0.02..0.02");
    spec = {};
    spec.swing = -0.1;
    EXPECT_EQ(error_of(spec), "gen: swing -0.1 outside 0..0.5");
    spec = {};
    spec.bars = 12;
    EXPECT_EQ(error_of(spec), "gen: bars 12 is not 0 or a multiple of 8 up to 1024");
    spec = {};
    spec.key.tonic = 12;
    EXPECT_EQ(error_of(spec), "gen: key tonic 12 outside 0..11");
    spec = {};
    spec.sample_rate = 100;
    EXPECT_EQ(error_of(spec), "gen: sample rate 100 outside 8000..192000");
    spec = {};
    spec.lead_in_s = -1.0;
    EXPECT_EQ(error_of(spec), "gen: lead-in -1 s outside 0..60");
}

}  // namespace
}  // namespace minidj::gen
