#include "cli/mix_report.h"

#include <fmt/format.h>

namespace minidj::cli {

void print_report(const MixReport& r) {
    fmt::print("wrote {} ({:.1f} s): {} transition {:.2f}-{:.2f} s, render {:.1f} s\n", r.output,
               r.duration_s, r.style, r.transition_start_s, r.transition_end_s, r.render_seconds);
    fmt::print("  tempo      A {:.2f} BPM, B {:.2f} BPM; stretch {} ratio {:.4f}\n", r.bpm_a,
               r.bpm_b, r.engine, r.stretch_ratio);
    if (r.stretched) {
        fmt::print(
            "  beat sync  phase error median {:.2f} ms, max {:.2f} ms over {} beats (bar: 5 / 15 "
            "ms); B {:+.2f} ms off A (median); B nudged {:+.2f} ms\n",
            r.phase_error_median_ms, r.phase_error_max_ms, r.beats_measured, r.phase_offset_ms, r.nudge_ms);
        fmt::print("  downbeats  {} ({} bars checked)\n",
                   r.downbeats_aligned ? "aligned" : "NOT aligned", r.bars_checked);
        if (2 * r.beats_measured < int(r.master_beats.size())) {
            fmt::print(
                "  warning    the beats of A and B could be found in their stretched audio on only {} of "
                "{} beats: check the beat grids (minidj info) or the plot\n",
                r.beats_measured, int(r.master_beats.size()));
        }
    } else {
        fmt::print("  beat sync  none (not beat-matched)\n");
    }
    fmt::print(
        "  loudness   short-term {:.1f} to {:.1f} LUFS across the transition; dip {:.2f} LU, bump "
        "{:.2f} LU "
        "(bar: 2 LU)\n",
        r.short_term_lufs_min, r.short_term_lufs_max, r.loudness_dip_lu, r.loudness_bump_lu);
    fmt::print("  peaks      true peak {:.2f} dBTP (bar: -1), {} clipped samples\n",
               r.true_peak_dbtp, r.clipped_samples);
}

}  // namespace minidj::cli
