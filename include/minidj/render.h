#pragma once
/// @file render.h
/// The Hands: plans and renders a transition from track A into track B, and measures the audio
/// it wrote.
///
/// A transition is data first (TransitionPlan: cue points, overlap length, master tempo curve,
/// per-deck gain and 3-band EQ curves), so it can be printed, edited and rendered again. The
/// renderer streams block by block: memory holds the overlap (bounded by `bars`), never a whole
/// track. Units: times in seconds, tempo in BPM, gains linear (1 = unchanged, 0 = silent), curve
/// positions in master beats counted from the first beat of the overlap.
/// Thread safety: every function is reentrant; objects are not shared between calls.

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/result.h"

namespace minidj {

/// bass-swap: B enters with its bass cut, the basslines swap on the middle downbeat, then A's
///   mids and highs fade out (equal-power faders throughout).
/// filter: B's mids open over the first half, A's close over the second (an EQ sweep); the
///   basses cross with equal power over the bar before the middle downbeat.
/// echo-out: A's last bar feeds a beat-synced echo, A drops on the cue downbeat, B starts there
///   at its own tempo (no stretch); also the fallback for tempos too far apart.
/// cut: A stops and B starts on the cue downbeat (10 ms crossfade, no stretch).
/// fade: an equal-power crossfade with no beat sync: the fallback when a track has no beat.
enum class MixStyle { kBassSwap, kFilter, kEchoOut, kCut, kFade };
std::string style_name(MixStyle style);  ///< "bass-swap", "filter", "echo-out", "cut", "fade"
std::optional<MixStyle> parse_mix_style(const std::string& name);

/// Rubber Band engine: R3 ("finer", best quality); R3 held to its short window ("finer,
/// short window": about three times faster, a little less clear on sustained tones); or R2
/// ("faster", phasier), also with its short window (its standard one misplaces beats by up to
/// 6 ms at 6-8 % tempo changes).
enum class StretchEngine { kFiner, kFinerShort, kFaster };
std::string engine_name(StretchEngine engine);  ///< "R3 (finer)", "R3 (short window)", "R2 (faster, short window)"

/// A piecewise-linear automation curve: `value` at master beat `beat` (sorted by beat), held
/// constant before the first point and after the last.
struct CurvePoint {
    double beat = 0.0;
    double value = 0.0;
};
using Curve = std::vector<CurvePoint>;
double evaluate(const Curve& curve, double beat);

/// One deck's automation: fader gain and the three EQ bands (low < 200 Hz, mid, high > 2.5 kHz),
/// linear gains; 1 is flat, 0 kills the band.
struct DeckCurves {
    Curve gain, low, mid, high;
};

struct TransitionPlan {
    static constexpr int kVersion = 1;
    std::string track_a, track_b;  ///< paths as given
    double cue_out_s = 0.0;        ///< A's downbeat where the transition starts (A time)
    double cue_in_s = 0.0;         ///< B's downbeat placed on it (B time)
    int bars = 16;                 ///< overlap length in bars of `meter` master beats
    int meter = 4;
    double bpm_a = 0.0;  ///< A's tempo (analysis)
    double bpm_b = 0.0;  ///< B's tempo as counted for matching (analysis x b_beat_scale)
    /// How B's beats are counted against A's: 1 normally, 0.5 when B runs at double time (every
    /// other B beat is a master beat), 2 at half time (B's beats and the midpoints between them).
    double b_beat_scale = 1.0;
    MixStyle style = MixStyle::kBassSwap;
    bool stretch = true;     ///< beat-matched (time-stretched) overlap; false for cut/echo-out/fade
    Curve tempo;             ///< master BPM by beat over the overlap; from bpm_a to bpm_b
    double gain_a_db = 0.0;  ///< loudness matching (EBU R128), applied to the whole deck
    double gain_b_db = 0.0;
    DeckCurves a, b;
    double echo_beats = 0.75;        ///< echo-out: delay in master beats
    double echo_feedback = 0.55;     ///< echo-out: 0..0.9
    double before_s = 30.0;          ///< seconds of A before the transition; negative: all of A
    double after_s = 30.0;           ///< seconds of B after it; negative: all of B
    std::vector<std::string> notes;  ///< why a fallback was chosen, in plain words
    /// Why each cue was chosen, from the tracks' structure: "the outro's start", "a phrase in
    /// its drop (from 2:41)", "the intro's start; its first drop (0:31) lands as the overlap ends".
    std::string cue_out_why, cue_in_why;

    int overlap_beats() const { return bars * meter; }
    /// Ok, or an Error naming the bad field: "plan: bars: 0 outside 1..64". Every number must be
    /// finite and within its range (cues and before/after within a day, tempos 0..400 BPM).
    Status validate() const;
    /// Ok when both cues fall within their tracks, else "plan: cue_out: 900 s is past the end of
    /// track_a (312.000 s)". The renderer checks it before any work.
    Status check_cues(double duration_a_s, double duration_b_s) const;
};

struct PlanOptions {
    int bars = 16;  ///< 1..64
    MixStyle style = MixStyle::kBassSwap;
    std::optional<double> out_at_s;  ///< override A's cue (snapped to the nearest downbeat)
    std::optional<double> in_at_s;   ///< override B's cue (snapped to the nearest downbeat)
    double max_tempo_change = 0.08;  ///< beyond it: message and echo-out/cut fallback
    bool full = false;               ///< all of A into all of B
    double before_s = 30.0, after_s = 30.0;
    Status validate() const;
};

/// Chooses the cue points, the tempo curve and the style's curves. Never fails on musical
/// grounds: a track without a beat, different meters or tempos too far apart give a fallback
/// style with a note saying why. Fails only on invalid options.
Result<TransitionPlan> plan_transition(const TrackAnalysis& a, const TrackAnalysis& b,
                                       const PlanOptions& options = {});

/// The plan as JSON (docs/mixing.md) and back. plan_from_json() validates and fails with
/// "plan: <field>: <reason>".
nlohmann::json to_json(const TransitionPlan& plan);
Result<TransitionPlan> plan_from_json(const nlohmann::json& json);

struct RenderOptions {
    std::filesystem::path output;  ///< extension picks the format (see AudioEncoder)
    StretchEngine engine = StretchEngine::kFiner;
    const std::atomic<bool>* cancel = nullptr;  ///< set by another thread to stop early
};

/// What the renderer drew and the measurements made on the written file.
struct MixReport {
    std::string output;
    double duration_s = 0.0;
    double transition_start_s = 0.0;  ///< in OUT
    double transition_end_s = 0.0;
    double bpm_a = 0.0, bpm_b = 0.0;
    double stretch_ratio = 1.0;  ///< B's tempo change at the start of the overlap (master / B)
    std::string style;
    std::string engine;
    bool stretched = false;
    /// Beat-phase error: |B's attack - A's attack| at every master beat of the overlap where both
    /// were found (`beats_measured`), read from each deck's audio as it went into the mix (after
    /// EQ and fader): the attack's start in the deck's own file, followed to where that music
    /// landed; not from the renderer's fitted beat map (docs/mixing.md, "The report").
    double phase_error_median_ms = 0.0;
    double phase_error_max_ms = 0.0;
    /// The median of B's attack - A's (signed; positive: B late): the decks' steady offset, apart
    /// from how much single notes stray from the beat (which the median error above includes).
    double phase_offset_ms = 0.0;
    int beats_measured = 0;
    /// How far B was moved, once, to put its beats on A's (the stretcher's steady offset); the
    /// error above is measured after it.
    double nudge_ms = 0.0;
    /// Every bar where both decks have a downbeat has them on the same master beat, with the
    /// two decks' beats there within 15 ms; at least half the bars checked.
    bool downbeats_aligned = false;
    int bars_checked = 0;
    /// Short-term (3 s) loudness of the written file across the transition, and its largest
    /// dip and bump against the straight line joining its values at the two ends.
    double short_term_lufs_min = 0.0, short_term_lufs_max = 0.0;
    double loudness_dip_lu = 0.0, loudness_bump_lu = 0.0;
    double true_peak_dbtp = -120.0;
    std::size_t clipped_samples = 0;
    double render_seconds = 0.0;  ///< wall time of the render (measurement excluded)
    std::vector<std::string> notes;

    /// For the plot: envelopes (peak per `envelope_step_s`) of each deck as heard and of the
    /// mix, beat and downbeat times of each deck in OUT, short-term loudness (one value per
    /// 0.1 s, window ending there).
    double envelope_step_s = 0.01;
    std::vector<float> envelope_a, envelope_b, envelope_mix;
    std::vector<double> beats_a, downbeats_a, beats_b, downbeats_b;
    std::vector<double> master_beats;  ///< OUT time of every master beat of the overlap
    std::vector<float> short_term_curve;
    /// Each deck's sections (minidj/structure.h) as far as they sound in OUT, in OUT time.
    struct SectionSpan {
        double start_s = 0.0, end_s = 0.0;
        SectionLabel label = SectionLabel::kDrop;
    };
    std::vector<SectionSpan> sections_a, sections_b;
};

/// Renders the plan into options.output (written to "<output>.part", renamed when complete)
/// and measures the written file. `a` and `b` are the analyses of plan.track_a / track_b.
/// Errors: "mix: <reason>", or the decoder's/encoder's one-line messages.
Result<MixReport> render_transition(const TrackAnalysis& a, const TrackAnalysis& b,
                                    const TransitionPlan& plan, const RenderOptions& options);

nlohmann::json to_json(const MixReport& report);

/// Draws the transition to a PNG: both waveforms, beat grids and downbeats, the overlap, the
/// gain and EQ curves, the tempo curve. Errors: "plot: <path>: <reason>".
Status plot_transition(const TransitionPlan& plan, const MixReport& report,
                       const std::filesystem::path& png);

/// Draws one analysed track to a PNG (`minidj info --plot`): its sections as coloured bands
/// over the per-second energy, the downbeats, the phrase starts and the mix-in / mix-out cues.
/// Errors: "plot: <path>: <reason>".
Status plot_track(const TrackAnalysis& track, const std::filesystem::path& png);

}  // namespace minidj
