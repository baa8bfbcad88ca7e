#pragma once
// The report's measurements, made on audio the renderer produced, never on the plan:
// beat sync on each deck's stretched audio (before EQ and faders), loudness, true peak and
// clipping on the written samples or the file read back from disk.

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "minidj/render.h"
#include "render/onsets.h"

namespace minidj::render {

/// Where each of a deck's beats landed in its rendered stem: for every master beat k (OUT time
/// master_beats[k]) the lag of the deck's own unstretched audio around its beat k
/// (source_beats[k], in `source`'s time) in the stem, read through the beat map (linear between
/// beats, native speed outside); nullopt where the two windows (half a beat, a beat) do not
/// agree within 5 ms or hardly correlate (a silent stretch of the deck).
std::vector<std::optional<double>> landing_errors(const DeckStem& stem, const DeckStem& source,
                                                  const std::vector<double>& source_beats,
                                                  const std::vector<double>& master_beats, int sample_rate);

/// Beat-phase error: `differences[k]` is B's beat minus A's on master beat k where both were
/// found (output_sync.h); median and max of its size. Downbeat agreement: each deck's analysed
/// downbeats, carried to OUT (`downbeats_a`/`_b`), must fall on the first master beat of the
/// same bars, where the two beats are within 15 ms of each other. `master_beats` are OUT times.
void measure_sync(const std::vector<std::optional<double>>& differences, const std::vector<double>& master_beats,
                  const std::vector<double>& downbeats_a, const std::vector<double>& downbeats_b, int meter,
                  MixReport& report);

/// The median of B's landing minus A's over the beats where both were found, or nullopt when
/// fewer than a quarter of the beats have both.
std::optional<double> median_difference(const std::vector<std::optional<double>>& landing_a,
                                        const std::vector<std::optional<double>>& landing_b);

/// What one pass over a written file measures.
struct FileMeasures {
    double duration_s = 0.0;
    double integrated_lufs = -70.0;
    double true_peak_dbtp = -120.0;
    std::size_t clipped_samples = 0;
    std::vector<float> short_term_curve;  ///< 3 s windows, one every 0.1 s (window i ends at (i+1)/10 s)
};

/// The loudness, true-peak and clipping figures of a stream fed block by block: what
/// measure_audio() computes on a decoded file, and render_set() on the samples it encodes.
class StreamMeasurer {
public:
    static Result<std::unique_ptr<StreamMeasurer>> create(int sample_rate, int channels);
    ~StreamMeasurer();
    void add(const float* interleaved, std::size_t frames);
    FileMeasures finish();

private:
    struct State;
    explicit StreamMeasurer(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// Decodes a written file and measures it.
Result<FileMeasures> measure_audio(const std::filesystem::path& path);

/// The short-term loudness range, dip and bump (against the straight line joining its ends)
/// across [report.transition_start_s, report.transition_end_s].
void assess_transition_loudness(const std::vector<float>& curve, MixReport& report);

/// measure_audio() and assess_transition_loudness() for one transition's file.
Status measure_file(const std::filesystem::path& path, MixReport& report);

}  // namespace minidj::render
