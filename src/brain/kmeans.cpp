// k-means: k-means++ seeding (Arthur & Vassilvitskii 2007) and Lloyd's iterations on a sample.
#include "brain/kmeans.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace minidj::brain::kmeans {
namespace {

float squared_distance(const float* a, const float* b, std::size_t dims) {
    float sum = 0.0f;
    for (std::size_t d = 0; d < dims; ++d) sum += (a[d] - b[d]) * (a[d] - b[d]);
    return sum;
}

// Each next centroid drawn with probability proportional to its squared distance from the
// nearest centroid so far.
std::vector<float> seed_centroids(const std::vector<float>& points, std::size_t dims, std::size_t k, std::mt19937& rng) {
    const std::size_t n = points.size() / dims;
    std::vector<float> centroids(k * dims);
    std::vector<float> distance(n, std::numeric_limits<float>::max());
    std::size_t pick = rng() % n;
    for (std::size_t c = 0; c < k; ++c) {
        std::copy_n(points.data() + pick * dims, dims, centroids.data() + c * dims);
        double total = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            distance[i] = std::min(distance[i], squared_distance(points.data() + i * dims, centroids.data() + c * dims, dims));
            total += distance[i];
        }
        double r = std::uniform_real_distribution<double>(0.0, total)(rng);
        for (pick = 0; pick + 1 < n && (r -= distance[pick]) > 0; ++pick) {
        }
    }
    return centroids;
}

void lloyd_step(const std::vector<float>& points, std::size_t dims, std::vector<float>& centroids) {
    const std::size_t k = centroids.size() / dims;
    std::vector<double> sums(centroids.size(), 0.0);
    std::vector<std::size_t> members(k, 0);
    for (std::size_t i = 0; i < points.size() / dims; ++i) {
        const std::size_t c = nearest(points.data() + i * dims, centroids.data(), k, dims);
        ++members[c];
        for (std::size_t d = 0; d < dims; ++d) sums[c * dims + d] += points[i * dims + d];
    }
    for (std::size_t c = 0; c < k; ++c) {
        if (members[c] == 0) continue;
        for (std::size_t d = 0; d < dims; ++d) centroids[c * dims + d] = float(sums[c * dims + d] / double(members[c]));
    }
}

}  // namespace

std::size_t nearest(const float* x, const float* centroids, std::size_t count, std::size_t dims) {
    std::size_t best = 0;
    float best_distance = std::numeric_limits<float>::max();
    for (std::size_t c = 0; c < count; ++c) {
        const float d = squared_distance(x, centroids + c * dims, dims);
        if (d < best_distance) best_distance = d, best = c;
    }
    return best;
}

std::vector<float> fit(const std::vector<float>& points, std::size_t dims, std::size_t k, std::size_t sample_per_centroid,
                       int iterations, std::mt19937& rng) {
    const std::size_t n = points.size() / dims;
    k = std::min(k, n);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(std::min(n, sample_per_centroid * k));
    std::vector<float> sample(order.size() * dims);
    for (std::size_t i = 0; i < order.size(); ++i) std::copy_n(points.data() + order[i] * dims, dims, sample.data() + i * dims);
    std::vector<float> centroids = seed_centroids(sample, dims, k, rng);
    for (int it = 0; it < iterations; ++it) lloyd_step(sample, dims, centroids);
    return centroids;
}

}  // namespace minidj::brain::kmeans
