// Seam cells: k-means over what the Brain reads of a candidate, probed by scoring prototypes.
#include "minidj/seam_cells.h"

#include "brain/kmeans.h"

#include <algorithm>
#include <bit>
#include <functional>
#include <limits>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

namespace minidj::brain {
namespace {

static_assert(std::endian::native == std::endian::little, "seam cells are stored little-endian");

// The clustered vector: the incoming seam, then level, loudness, brightness (octaves) and the
// timbre means: every candidate input of the two network parts but tempo and key.
constexpr std::size_t kDims = kSeamDims + 3 + 13;
constexpr std::size_t kSamplePerCell = 32;
constexpr std::size_t kCoarseSamplePerCell = 256;
constexpr int kIterations = 10;
constexpr char kMagic[4] = {'M', 'D', 'S', 'C'};
constexpr std::uint32_t kLayout = 3;
// A prototype: the mean raw vector of its cell (raw_vector's layout), then the mean onset density.
constexpr std::size_t kPrototypeFloats = kDims + 1;

void raw_vector(const TrackFeatures& f, float* out) {
    std::copy(f.incoming.values.begin(), f.incoming.values.end(), out);
    out[kSeamDims] = float(f.energy_db);
    out[kSeamDims + 1] = float(f.loudness_lufs);
    out[kSeamDims + 2] = f.brightness_hz > 0 ? float(std::log2(f.brightness_hz)) : 0.0f;
    std::copy(f.mfcc.begin(), f.mfcc.end(), out + kSeamDims + 3);
}

// Writes raw dimension `d` back into a row (the inverse of raw_vector for that dimension).
void set_raw(TrackFeatures& f, int d, float value) {
    if (d < kSeamDims) f.incoming.values[std::size_t(d)] = value;
    else if (d == kSeamDims) f.energy_db = value;
    else if (d == kSeamDims + 1) f.loudness_lufs = value;
    else if (d == kSeamDims + 2) f.brightness_hz = std::exp2(double(value));
    else f.mfcc[std::size_t(d - kSeamDims - 3)] = value;
}

// How much the model's score moves per standard deviation of each dimension of the candidate,
// on pairs of the library's own rows (the candidate given the seed's tempo and key, as the
// rulebook filter leaves them): the k-means distance then weighs what the score weighs.
std::vector<float> score_sensitivity(const Model& model, const std::vector<const TrackFeatures*>& rows,
                                     const std::vector<float>& raw_sd, std::mt19937& rng) {
    constexpr int kPairs = 256;
    std::vector<TrackFeatures> variants;
    std::vector<const TrackFeatures*> seeds;
    for (int p = 0; p < kPairs; ++p) {
        const TrackFeatures* seed = rows[rng() % rows.size()];
        TrackFeatures candidate = *rows[rng() % rows.size()];
        candidate.bpm = seed->bpm;
        candidate.camelot_number = seed->camelot_number;
        candidate.minor = seed->minor;
        float x[kDims];
        raw_vector(candidate, x);
        for (std::size_t d = 0; d < kDims; ++d) {
            for (float sign : {-0.5f, 0.5f}) {
                TrackFeatures v = candidate;
                set_raw(v, d, x[d] + sign * raw_sd[std::size_t(d)]);
                variants.push_back(std::move(v));
            }
        }
        seeds.push_back(seed);
    }
    std::vector<double> moved(kDims, 0.0);
    const std::size_t per_pair = 2 * kDims;
    for (int p = 0; p < kPairs; ++p) {
        std::vector<const TrackFeatures*> batch;
        for (std::size_t i = 0; i < per_pair; ++i) batch.push_back(&variants[std::size_t(p) * per_pair + i]);
        const auto scores = model.score_values(*seeds[std::size_t(p)], batch);
        for (std::size_t d = 0; d < kDims; ++d) moved[std::size_t(d)] += std::abs(scores[2 * std::size_t(d) + 1] - scores[2 * std::size_t(d)]);
    }
    std::vector<float> out(kDims);
    for (std::size_t d = 0; d < kDims; ++d) out[std::size_t(d)] = float(moved[std::size_t(d)] / kPairs);
    return out;
}

template <typename T>
void put(std::string& out, const T* values, std::size_t count) {
    out.append(reinterpret_cast<const char*>(values), count * sizeof(T));
}

template <typename T>
bool take(std::string_view& in, T* values, std::size_t count) {
    if (in.size() < count * sizeof(T)) return false;
    std::memcpy(values, in.data(), count * sizeof(T));
    in.remove_prefix(count * sizeof(T));
    return true;
}

}  // namespace

int SeamCells::cells_for(std::size_t rows) {
    return int(std::clamp<std::size_t>(rows / kRowsPerCell, 16, kMostCells));
}

std::size_t SeamCells::rows_to_read(std::size_t indexed_rows) {
    return std::max<std::size_t>(20'000, indexed_rows / 100);
}

SeamCells SeamCells::fit(std::span<const TrackFeatures* const> rows, int cells, const Model* model,
                         std::uint32_t seed, const std::function<void(double)>& progress) {
    std::vector<const TrackFeatures*> members;
    for (const auto* row : rows) {
        if (row->incoming.present) members.push_back(row);
    }
    SeamCells out;
    out.mean_.assign(kDims, 0.0f);
    out.inv_std_.assign(kDims, 1.0f);
    out.first_.assign(1, 0);
    if (members.empty()) return out;
    const auto report = [&](double done) {
        if (progress) progress(done);
    };
    std::mt19937 rng(seed);
    std::vector<float> points = out.standardise(members, model, rng);
    report(0.05);
    out.fit_centroids(points, std::clamp<std::size_t>(std::size_t(std::max(cells, 1)), 1, members.size()), rng,
                      [&](double done) { report(0.05 + 0.8 * done); });
    out.fit_prototypes(points, members);
    report(1.0);
    return out;
}

std::vector<float> SeamCells::standardise(const std::vector<const TrackFeatures*>& members, const Model* model,
                                          std::mt19937& rng) {
    const std::size_t n = members.size();
    std::vector<float> points(n * kDims);
    for (std::size_t i = 0; i < n; ++i) raw_vector(*members[i], points.data() + i * kDims);
    for (std::size_t d = 0; d < kDims; ++d) {
        double sum = 0.0, sum2 = 0.0;
        for (std::size_t i = 0; i < n; ++i) sum += points[i * kDims + d];
        const double mean = sum / double(n);
        for (std::size_t i = 0; i < n; ++i) sum2 += (points[i * kDims + d] - mean) * (points[i * kDims + d] - mean);
        const double sd = std::sqrt(sum2 / double(n));
        mean_[d] = float(mean);
        inv_std_[d] = sd > 1e-6 ? float(1.0 / sd) : 1.0f;
    }
    if (model) {
        std::vector<float> raw_sd(kDims);
        for (std::size_t d = 0; d < kDims; ++d) raw_sd[d] = 1.0f / inv_std_[d];
        const auto weight = score_sensitivity(*model, members, raw_sd, rng);
        const float total = std::accumulate(weight.begin(), weight.end(), 0.0f);
        for (std::size_t d = 0; d < kDims; ++d) {
            if (total > 0) inv_std_[d] *= weight[d] / total * kDims;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t d = 0; d < kDims; ++d) points[i * kDims + d] = (points[i * kDims + d] - mean_[d]) * inv_std_[d];
    }
    return points;
}

// Two levels, so that fitting and placing a row cost about sqrt(cells) distances rather than
// `cells`: coarse cells first, then each split in proportion to the rows it holds.
void SeamCells::fit_centroids(const std::vector<float>& points, std::size_t wanted, std::mt19937& rng,
                              const std::function<void(double)>& report) {
    const std::size_t n = points.size() / kDims;
    const std::size_t coarse = std::max<std::size_t>(1, std::size_t(std::lround(std::sqrt(double(wanted)))));
    coarse_ = kmeans::fit(points, kDims, coarse, kCoarseSamplePerCell, kIterations, rng);
    const std::size_t coarse_count = coarse_.size() / kDims;
    std::vector<std::vector<std::size_t>> in_coarse(coarse_count);
    for (std::size_t i = 0; i < n; ++i) {
        in_coarse[kmeans::nearest(points.data() + i * kDims, coarse_.data(), coarse_count, kDims)].push_back(i);
    }
    report(0.25);
    for (std::size_t j = 0; j < coarse_count; ++j) {
        const auto& group = in_coarse[j];
        std::vector<float> fine;
        if (group.empty()) {
            // Rows placed here later still need a cell: the coarse centroid is its only one.
            fine.assign(coarse_.begin() + std::ptrdiff_t(j * kDims), coarse_.begin() + std::ptrdiff_t((j + 1) * kDims));
        } else {
            std::vector<float> group_points(group.size() * kDims);
            for (std::size_t i = 0; i < group.size(); ++i) {
                std::copy_n(points.data() + group[i] * kDims, kDims, group_points.data() + i * kDims);
            }
            const auto share = std::size_t(std::lround(double(wanted) * double(group.size()) / double(n)));
            fine = kmeans::fit(group_points, kDims, std::max<std::size_t>(1, share), kSamplePerCell, kIterations, rng);
        }
        fine_.insert(fine_.end(), fine.begin(), fine.end());
        first_.push_back(std::uint32_t(fine_.size() / kDims));
        report(0.25 + 0.75 * double(j + 1) / double(coarse_count));
    }
}

// Each cell's prototype: the mean of its rows' raw vectors, then their onset density.
void SeamCells::fit_prototypes(const std::vector<float>& points, const std::vector<const TrackFeatures*>& members) {
    const std::size_t count = fine_.size() / kDims;
    counts_.assign(count, 0);
    std::vector<double> sums(count * kPrototypeFloats, 0.0);
    for (std::size_t i = 0; i < members.size(); ++i) {
        const auto c = std::size_t(standardised_cell(points.data() + i * kDims));
        ++counts_[c];
        float raw[kDims];
        raw_vector(*members[i], raw);
        double* sum = sums.data() + c * kPrototypeFloats;
        for (std::size_t d = 0; d < kDims; ++d) sum[d] += raw[d];
        sum[kDims] += members[i]->onset_density;
    }
    prototypes_.resize(sums.size());
    for (std::size_t c = 0; c < count; ++c) {
        const double members_here = std::max<double>(counts_[c], 1.0);
        for (std::size_t d = 0; d < kPrototypeFloats; ++d) {
            prototypes_[c * kPrototypeFloats + d] = float(sums[c * kPrototypeFloats + d] / members_here);
        }
    }
}

int SeamCells::standardised_cell(const float* x) const {
    const std::size_t coarse_count = coarse_.size() / kDims;
    const std::size_t j = kmeans::nearest(x, coarse_.data(), coarse_count, kDims);
    const std::size_t first = first_[j];
    return int(first + kmeans::nearest(x, fine_.data() + first * kDims, first_[j + 1] - first, kDims));
}

int SeamCells::cell_of(const TrackFeatures& row) const {
    if (!row.incoming.present || counts_.empty()) return -1;
    float x[kDims];
    raw_vector(row, x);
    for (std::size_t d = 0; d < kDims; ++d) x[d] = (x[d] - mean_[std::size_t(d)]) * inv_std_[std::size_t(d)];
    return standardised_cell(x);
}

std::size_t SeamCells::indexed_rows() const {
    return std::accumulate(counts_.begin(), counts_.end(), std::size_t(0));
}

std::vector<int> SeamCells::cells_to_read(const Model& model, const TrackFeatures& seed, std::size_t rows) const {
    // The prototypes as feature rows, a block at a time (a million-track library has ten
    // thousand cells: rows made all at once would cost more in fresh memory than in scoring).
    constexpr std::size_t kBlock = 512;
    const std::size_t count = counts_.size();
    std::vector<float> scores;
    scores.reserve(count);
    std::vector<TrackFeatures> block(std::min(kBlock, count));
    std::vector<const TrackFeatures*> candidates;
    for (std::size_t first = 0; first < count; first += kBlock) {
        candidates.clear();
        for (std::size_t c = first; c < std::min(count, first + kBlock); ++c) {
            TrackFeatures& p = block[c - first];
            const float* prototype = prototypes_.data() + c * kPrototypeFloats;
            for (std::size_t d = 0; d < kDims; ++d) set_raw(p, d, prototype[d]);
            p.onset_density = prototype[kDims];
            p.incoming.present = true;
            p.bpm = seed.bpm;
            p.camelot_number = seed.camelot_number;
            p.minor = seed.minor;
            candidates.push_back(&p);
        }
        const auto part = model.score_values(seed, candidates);
        scores.insert(scores.end(), part.begin(), part.end());
    }
    std::vector<int> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return scores[std::size_t(a)] != scores[std::size_t(b)] ? scores[std::size_t(a)] > scores[std::size_t(b)] : a < b;
    });
    std::vector<int> out{-1};
    std::size_t held = 0;
    for (int c : order) {
        if (held >= rows) break;
        if (counts_[std::size_t(c)] == 0) continue;
        out.push_back(c);
        held += counts_[std::size_t(c)];
    }
    return out;
}

std::string SeamCells::encode() const {
    std::string out(kMagic, sizeof kMagic);
    const std::uint32_t header[4] = {kLayout, std::uint32_t(kDims), std::uint32_t(coarse_.size() / kDims),
                                     std::uint32_t(counts_.size())};
    put(out, header, 4);
    put(out, mean_.data(), mean_.size());
    put(out, inv_std_.data(), inv_std_.size());
    put(out, coarse_.data(), coarse_.size());
    put(out, first_.data(), first_.size());
    put(out, fine_.data(), fine_.size());
    put(out, counts_.data(), counts_.size());
    put(out, prototypes_.data(), prototypes_.size());
    return out;
}

std::optional<SeamCells> SeamCells::decode(std::string_view in) {
    std::uint32_t header[4];
    if (in.size() < sizeof kMagic || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0) return std::nullopt;
    in.remove_prefix(sizeof kMagic);
    if (!take(in, header, 4) || header[0] != kLayout || header[1] != kDims) return std::nullopt;
    const std::size_t coarse = header[2], cells = header[3];
    SeamCells out;
    out.mean_.resize(kDims);
    out.inv_std_.resize(kDims);
    out.coarse_.resize(coarse * kDims);
    out.first_.resize(coarse + 1);
    out.fine_.resize(cells * kDims);
    out.counts_.resize(cells);
    if (!take(in, out.mean_.data(), kDims) || !take(in, out.inv_std_.data(), kDims) ||
        !take(in, out.coarse_.data(), out.coarse_.size()) || !take(in, out.first_.data(), out.first_.size()) ||
        !take(in, out.fine_.data(), out.fine_.size()) || !take(in, out.counts_.data(), cells)) {
        return std::nullopt;
    }
    // Every coarse cell's fine cells: a non-empty range, in order, ending at the last cell.
    if (out.first_.front() != 0 || out.first_.back() != cells) return std::nullopt;
    for (std::size_t j = 0; j < coarse; ++j) {
        if (out.first_[j + 1] <= out.first_[j]) return std::nullopt;
    }
    out.prototypes_.resize(cells * kPrototypeFloats);
    if (!take(in, out.prototypes_.data(), out.prototypes_.size()) || !in.empty()) return std::nullopt;
    return out;
}

}  // namespace minidj::brain
