// MixStream's joins: leaving a piece for another on the same audio is seamless (the output is
// the track itself), a jump back lands where it should, and plan_live_transition leaves where
// it was asked to.
#include <gtest/gtest.h>

#include <cmath>

#include "minidj/audio.h"
#include "minidj/mix_stream.h"
#include "minidj/set.h"
#include "render/mix_pair.h"

namespace minidj {
namespace {

constexpr int kRate = 44100;

std::vector<float> render_all(MixStream& stream, std::size_t frames) {
    std::vector<float> out(2 * frames);
    std::size_t done = 0;
    while (done < frames) {
        auto n = stream.render(out.data() + 2 * done, std::min<std::size_t>(1000, frames - done));
        EXPECT_TRUE(n.ok());
        if (!n.ok() || n.value() == 0) break;
        done += n.value();
    }
    out.resize(2 * done);
    return out;
}

double largest_difference(const std::vector<float>& a, const std::vector<float>& b, std::size_t from, std::size_t to) {
    double d = 0.0;
    for (std::size_t i = 2 * from; i < 2 * to && i < a.size() && i < b.size(); ++i) d = std::max(d, double(std::abs(a[i] - b[i])));
    return d;
}

TEST(MixStream, AJoinOnTheSameAudioIsTheTrackItself) {
    const auto& t = test::shared_track(124.0, gen::Style::kHouse, 41);
    auto whole = MixPiece::solo(t.analysis, 0.0, kRate, 0);
    ASSERT_TRUE(whole.ok());
    MixStream reference(std::move(whole.value()));
    const auto expected = render_all(reference, 10 * kRate);
    // Two solo pieces of the track: the second starts 3 s in and takes over at 5 s.
    auto first = MixPiece::solo(t.analysis, 0.0, kRate, 0);
    auto second = MixPiece::solo(t.analysis, 0.0, kRate, 3 * kRate);
    ASSERT_TRUE(first.ok() && second.ok());
    MixStream stream(std::move(first.value()));
    ASSERT_TRUE(stream.switch_at(5 * kRate, std::move(second.value()), 2 * kRate).ok());
    const auto got = render_all(stream, 10 * kRate);
    ASSERT_EQ(got.size(), expected.size());
    EXPECT_LT(largest_difference(got, expected, 0, 10 * kRate), 1e-5);
    EXPECT_EQ(stream.take_finished().size(), 1u);
    EXPECT_EQ(stream.current_offset(), 3 * kRate);  // the second piece's frame 0 is output frame 3 s
    // The control: joined 1000 frames off, the same check fails.
    auto third = MixPiece::solo(t.analysis, 0.0, kRate, 0);
    auto off = MixPiece::solo(t.analysis, 0.0, kRate, 3 * kRate + 1000);
    MixStream broken(std::move(third.value()));
    ASSERT_TRUE(broken.switch_at(5 * kRate, std::move(off.value()), 2 * kRate).ok());
    EXPECT_GT(largest_difference(render_all(broken, 10 * kRate), expected, 5 * kRate, 10 * kRate), 0.01);
}

TEST(MixStream, AJumpBackPlaysTheTrackFromThere) {
    const auto& t = test::shared_track(124.0, gen::Style::kHouse, 41);
    auto solo = MixPiece::solo(t.analysis, 0.0, kRate, 0);
    auto reference = MixPiece::solo(t.analysis, 0.0, kRate, 0);
    auto back = MixPiece::solo(t.analysis, 0.0, kRate, 2 * kRate - kJoinFrames);
    ASSERT_TRUE(solo.ok() && reference.ok() && back.ok());
    MixStream stream(std::move(solo.value()));
    // At 6 s, back to 2 s: the join ends on 6 s of the first piece and 2 s of the track.
    ASSERT_TRUE(stream.switch_at(6 * kRate - kJoinFrames, std::move(back.value()), 0).ok());
    const auto got = render_all(stream, 9 * kRate);
    MixStream straight(std::move(reference.value()));
    const auto track = render_all(straight, 9 * kRate);
    EXPECT_LT(largest_difference(got, track, 0, 6 * kRate - kJoinFrames), 1e-6);
    // After the join, output frame 6 s + k is the track's frame 2 s + k.
    for (std::size_t k = 0; k < std::size_t(3 * kRate); k += 997) {
        ASSERT_NEAR(got[2 * (6 * kRate + k)], track[2 * (2 * kRate + k)], 1e-5) << k;
    }
    EXPECT_FALSE(stream.switch_at(0, MixPiece::solo(t.analysis, 0.0, kRate, 0).value(), 0).ok())
        << "a switch point already played is refused";
}

TEST(MixStream, ALiveTransitionLeavesOnThePhraseAskedFor) {
    const auto& a = test::shared_track(124.0, gen::Style::kHouse, 41);
    const auto& b = test::shared_track(126.0, gen::Style::kTechno, 42);
    SetTransitionOptions options;
    options.transition.bars = 4;
    LiveTransitionRequest request;
    request.out_from_s = 10.0;
    auto plan = plan_live_transition(a.analysis, b.analysis, options, request);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    // The first phrase start (every 8 bars from the first downbeat) at or after 10 s.
    const auto& d = a.analysis.grid.downbeats;
    double expected = -1;
    for (std::size_t i = 0; i < d.size(); i += 8) {
        if (d[i] >= 10.0) {
            expected = d[i];
            break;
        }
    }
    EXPECT_NEAR(plan->cue_out_s, expected, 1e-6);
    // Planned by the set's rules, no earlier than asked.
    LiveTransitionRequest later;
    later.earliest_out_s = 40.0;
    auto ruled = plan_live_transition(a.analysis, b.analysis, options, later);
    ASSERT_TRUE(ruled.ok()) << ruled.error().message;
    EXPECT_GE(ruled->cue_out_s, 40.0);
    LiveTransitionRequest too_late;
    too_late.earliest_out_s = a.analysis.duration_s;
    EXPECT_FALSE(plan_live_transition(a.analysis, b.analysis, options, too_late).ok());
}

}  // namespace
}  // namespace minidj
