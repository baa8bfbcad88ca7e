// The report as JSON: the fields of the mix --report --json contract (docs/mixing.md).
#include <cmath>

#include "minidj/json_text.h"
#include "minidj/render.h"

namespace minidj {
namespace {

double round_to(double v, double step) { return std::round(v / step) * step; }

}  // namespace

nlohmann::json to_json(const MixReport& r) {
    nlohmann::json j{{"duration", round_to(r.duration_s, 0.001)},
                     {"transition_start", round_to(r.transition_start_s, 0.001)},
                     {"transition_end", round_to(r.transition_end_s, 0.001)},
                     {"bpm_a", round_to(r.bpm_a, 0.01)},
                     {"bpm_b", round_to(r.bpm_b, 0.01)},
                     {"stretch_ratio", round_to(r.stretch_ratio, 0.0001)},
                     {"style", r.style},
                     {"engine", r.engine},
                     {"beat_matched", r.stretched},
                     {"short_term_lufs_min", round_to(r.short_term_lufs_min, 0.01)},
                     {"short_term_lufs_max", round_to(r.short_term_lufs_max, 0.01)},
                     {"loudness_dip_lu", round_to(r.loudness_dip_lu, 0.01)},
                     {"loudness_bump_lu", round_to(r.loudness_bump_lu, 0.01)},
                     {"true_peak_dbtp", round_to(r.true_peak_dbtp, 0.01)},
                     {"clipped_samples", r.clipped_samples},
                     {"render_seconds", round_to(r.render_seconds, 0.001)},
                     {"notes", r.notes}};
    put_path(j, "output", r.output);
    if (r.stretched) {
        j["beat_phase_error_ms"] = {{"median", round_to(r.phase_error_median_ms, 0.01)},
                                    {"max", round_to(r.phase_error_max_ms, 0.01)},
                                    {"offset", round_to(r.phase_offset_ms, 0.01)},
                                    {"beats", r.beats_measured},
                                    {"nudge", round_to(r.nudge_ms, 0.01)}};
        j["downbeats_aligned"] = r.downbeats_aligned;
        j["bars_checked"] = r.bars_checked;
    } else {
        j["beat_phase_error_ms"] = nullptr;  // not beat-matched: nothing to measure
        j["downbeats_aligned"] = nullptr;
    }
    return j;
}

}  // namespace minidj
