#pragma once
/// @file seam_cells.h
/// An approximate index for recommending from a library of millions of tracks
/// (docs/library.md, "Seam cells").
///
/// The tracks are grouped into cells of similar rows by k-means over what the Brain reads of a
/// candidate: its incoming seam and its level, loudness, brightness and timbre, each
/// standardised over the library. Each cell keeps a prototype: the mean feature row of its
/// tracks. To find the next tracks after a seed, the Brain scores the seed against every
/// prototype (one batched pass over a few thousand rows), and only the tracks of the best
/// cells are read and scored exactly. The answer is approximate: its recall against the exact
/// search is measured by eval/seam_cells_recall.cpp and written down in docs/library.md.

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "minidj/brain.h"

namespace minidj::brain {

class SeamCells {
  public:
    /// How many cells suit a library of `rows` tracks: one per kRowsPerCell tracks, at least
    /// 16, at most kMostCells (each query scores every cell's prototype). Finer cells give a
    /// better recall for the same rows read (docs/library.md).
    static constexpr std::size_t kRowsPerCell = 100;
    static constexpr std::size_t kMostCells = 20'000;
    static int cells_for(std::size_t rows);

    /// Two-level k-means (k-means++ seeding, Lloyd's iterations on a sample of rows) over the
    /// rows that have an incoming seam: about sqrt(cells) coarse cells, each split into cells in
    /// proportion to the rows it holds, so `cells` is approximate. `progress` gets a fraction
    /// 0..1. Fewer rows than cells give about one cell a row. With a `model`, each standardised dimension is weighed by how
    /// much that model's score moves with it, so that cells split what the score tells apart.
    /// Deterministic for given rows, model and `seed`.
    static SeamCells fit(std::span<const TrackFeatures* const> rows, int cells, const Model* model = nullptr,
                         std::uint32_t seed = 1, const std::function<void(double)>& progress = {});

    /// The cell a row belongs to; -1 for a row without an incoming seam (read by every query).
    int cell_of(const TrackFeatures& row) const;

    /// The cells to read for `seed`'s next tracks: best prototype first, until the cells hold
    /// at least `rows` tracks (by the counts at build time), with -1 (rows without a seam)
    /// always among them. The prototypes are scored as if their tempo and key were the seed's:
    /// the rulebook's tempo and key are filtered apart (RowFilter), so a cell is ranked by
    /// what the filter leaves open.
    std::vector<int> cells_to_read(const Model& model, const TrackFeatures& seed, std::size_t rows) const;

    /// How many tracks a query reads the cells of (cells_to_read's `rows`): 20,000, or 1 % of
    /// the indexed tracks when that is more. The recall this gives is measured at 100,000 and
    /// 1,000,000 tracks (docs/library.md).
    static std::size_t rows_to_read(std::size_t indexed_rows);

    std::size_t size() const { return counts_.size(); }
    /// Tracks in each cell when it was built.
    const std::vector<std::uint32_t>& counts() const { return counts_; }
    std::size_t indexed_rows() const;

    /// The stored form (docs/library.md); decode() refuses bytes of another layout or size.
    std::string encode() const;
    static std::optional<SeamCells> decode(std::string_view bytes);

  private:
    // fit()'s steps: the clustered vectors of `members`, standardised and weighed (mean_,
    // inv_std_ set); the two levels of centroids (coarse_, first_, fine_); counts_ and
    // prototypes_.
    std::vector<float> standardise(const std::vector<const TrackFeatures*>& members, const Model* model,
                                   std::mt19937& rng);
    void fit_centroids(const std::vector<float>& points, std::size_t wanted, std::mt19937& rng,
                       const std::function<void(double)>& report);
    void fit_prototypes(const std::vector<float>& points, const std::vector<const TrackFeatures*>& members);
    int standardised_cell(const float* x) const;

    // Standardisation (and weighing) of the clustered vector; the coarse centroids; the fine
    // cells of coarse cell j, [first_[j], first_[j + 1]); the fine centroids (size() rows);
    // each cell's prototype (seam_cells.cpp: kPrototypeFloats floats a cell).
    std::vector<float> mean_, inv_std_, coarse_;
    std::vector<std::uint32_t> first_;
    std::vector<float> fine_;
    std::vector<float> prototypes_;
    std::vector<std::uint32_t> counts_;
};

}  // namespace minidj::brain
