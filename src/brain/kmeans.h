#pragma once
// k-means over rows of `dims` floats (row-major), for the seam cells (seam_cells.cpp).

#include <cstddef>
#include <random>
#include <vector>

namespace minidj::brain::kmeans {

/// The row of `centroids` nearest to `x` (squared Euclidean distance; the first on a tie).
std::size_t nearest(const float* x, const float* centroids, std::size_t count, std::size_t dims);

/// `k` centroids (k x dims) for `points`: k-means++ seeding, then `iterations` of Lloyd's
/// algorithm, both on a random sample of up to `sample_per_centroid` points a centroid (the
/// points themselves when fewer). A centroid that loses all its points keeps its place.
/// Needs at least one point; k is cut to the number of points.
std::vector<float> fit(const std::vector<float>& points, std::size_t dims, std::size_t k, std::size_t sample_per_centroid,
                       int iterations, std::mt19937& rng);

}  // namespace minidj::brain::kmeans
