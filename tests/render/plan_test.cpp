// Planning: cue choice on generated songs, tempo decisions and fallbacks, the plan as JSON.
#include <gtest/gtest.h>

#include <cmath>

#include "minidj/render.h"
#include "render/mix_pair.h"

namespace minidj {
namespace {

TEST(Plan, JsonRoundTripKeepsEveryField) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    const auto& b = test::shared_track(128, gen::Style::kTechno, 12);
    auto plan = plan_transition(a.analysis, b.analysis);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    const auto json = to_json(plan.value());
    auto back = plan_from_json(nlohmann::json::parse(json.dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(to_json(back.value()), json);
    EXPECT_EQ(json["minidj_plan"], TransitionPlan::kVersion);
    for (const char* key : {"cue_out", "cue_in", "bars", "tempo", "deck_a", "deck_b", "style"}) {
        EXPECT_TRUE(json.contains(key)) << key;
    }
    EXPECT_EQ(json["deck_a"]["eq_low"].size(), plan->a.low.size());
}

TEST(Plan, BadPlansAreRefusedWithTheField) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    const auto& b = test::shared_track(128, gen::Style::kTechno, 12);
    const auto good = to_json(plan_transition(a.analysis, b.analysis).value());
    auto expect_error = [&](nlohmann::json j, const std::string& fragment) {
        auto p = plan_from_json(j);
        ASSERT_FALSE(p.ok()) << j.dump();
        EXPECT_NE(p.error().message.find(fragment), std::string::npos)
            << p.error().message << " / " << fragment;
    };
    auto j = good;
    j["bars"] = 0;
    expect_error(j, "plan: bars");
    j = good;
    j["deck_b"]["eq_low"] = nlohmann::json::array({{0, 1}, {-1, 9}});
    expect_error(j, "deck_b.eq_low");
    j = good;
    j["style"] = "scratch";
    expect_error(j, "plan: style");
    j = good;
    j.erase("minidj_plan");
    expect_error(j, "not a minidj plan");
    expect_error(nlohmann::json::array(), "expected an object");
}

TEST(Plan, TempoRampIsSmoothAndEndsAtBothTempos) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    const auto& b = test::shared_track(128, gen::Style::kTechno, 12);
    PlanOptions po;
    po.bars = 16;
    auto plan = plan_transition(a.analysis, b.analysis, po).value();
    ASSERT_EQ(int(plan.tempo.size()), plan.overlap_beats() + 1);
    EXPECT_NEAR(plan.tempo.front().value, a.analysis.grid.bpm, 1e-9);
    EXPECT_NEAR(plan.tempo.back().value, b.analysis.grid.bpm, 1e-9);
    // Monotonic, and the steps at both ends are the smallest (no jump into or out of the ramp).
    double largest = 0;
    for (std::size_t i = 1; i < plan.tempo.size(); ++i) {
        const double step = plan.tempo[i].value - plan.tempo[i - 1].value;
        EXPECT_GE(step, 0.0);
        largest = std::max(largest, step);
    }
    EXPECT_LT(plan.tempo[1].value - plan.tempo[0].value, 0.05 * largest);
    // Never two full basslines: the two low bands together never exceed one (they swap within
    // a quarter beat on the middle downbeat).
    for (double beat = 0; beat <= plan.overlap_beats(); beat += 0.0625) {
        EXPECT_LE(evaluate(plan.a.low, beat) + evaluate(plan.b.low, beat), 1.0 + 1e-9) << beat;
    }
}

TEST(Plan, OverridesSnapToDownbeats) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    const auto& b = test::shared_track(128, gen::Style::kTechno, 12);
    PlanOptions po;
    po.out_at_s = 40.3;
    po.in_at_s = 9.1;
    auto plan = plan_transition(a.analysis, b.analysis, po).value();
    EXPECT_NEAR(plan.cue_out_s, test::nearest(a.truth.downbeats, 40.3), 0.02);
    EXPECT_NEAR(plan.cue_in_s, test::nearest(b.truth.downbeats, 9.1), 0.02);
}

TEST(Plan, TooFarApartFallsBackToEchoOutWithAMessage) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    const auto& b = test::shared_track(139, gen::Style::kTechno, 12);  // +12 %
    auto plan = plan_transition(a.analysis, b.analysis).value();
    EXPECT_EQ(plan.style, MixStyle::kEchoOut);
    EXPECT_FALSE(plan.stretch);
    ASSERT_FALSE(plan.notes.empty());
    EXPECT_NE(plan.notes[0].find("exceeds 8%"), std::string::npos) << plan.notes[0];
    PlanOptions cut;
    cut.style = MixStyle::kCut;
    EXPECT_EQ(plan_transition(a.analysis, b.analysis, cut).value().style, MixStyle::kCut);
}

TEST(Plan, DoubleTimeIsRecognised) {
    // B's grid read at double time (every beat and the midpoints between them, 256 BPM): the
    // planner counts every other B beat, a tempo change of 3 % instead of 52 %.
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    auto b = test::shared_track(128, gen::Style::kTechno, 12).analysis;
    std::vector<double> doubled;
    for (std::size_t i = 0; i + 1 < b.grid.beats.size(); ++i) {
        doubled.push_back(b.grid.beats[i]);
        doubled.push_back(0.5 * (b.grid.beats[i] + b.grid.beats[i + 1]));
    }
    b.grid.beats = doubled;
    b.grid.bpm *= 2;
    auto plan = plan_transition(a.analysis, b).value();
    EXPECT_EQ(plan.b_beat_scale, 0.5);
    EXPECT_TRUE(plan.stretch);
    EXPECT_NEAR(plan.bpm_b, 128, 0.1);
    ASSERT_FALSE(plan.notes.empty());
    EXPECT_NE(plan.notes[0].find("half time"), std::string::npos) << plan.notes[0];
}

TEST(Plan, InvalidOptionsAreErrors) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    PlanOptions po;
    po.bars = 0;
    auto plan = plan_transition(a.analysis, a.analysis, po);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().message, "mix: --bars 0 outside 1..64");
}

TEST(Plan, StyleNamesRoundTrip) {
    for (auto s : {MixStyle::kBassSwap, MixStyle::kFilter, MixStyle::kEchoOut, MixStyle::kCut,
                   MixStyle::kFade}) {
        EXPECT_EQ(parse_mix_style(style_name(s)), s);
    }
    EXPECT_FALSE(parse_mix_style("wobble"));
}

}  // namespace
}  // namespace minidj
