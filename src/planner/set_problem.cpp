#include "planner/set_problem.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace minidj::planner {

double SetProblem::arc_fit(std::size_t track, std::size_t position) const {
    const double x = length > 1 ? double(position) / double(length - 1) : 0.0;
    return 1.0 - std::abs(rank[track] - arc_target(request.arc, x));
}

bool SetProblem::may_append(const std::vector<std::size_t>& order, const std::vector<bool>& used, std::size_t next) {
    if (used[next]) return false;
    const std::size_t position = order.size();
    if (position == 0 && request.first && next != *request.first) return false;
    if (request.last && length > 1) {
        const bool closing = position + 1 == length;
        if (closing != (next == *request.last)) return false;
    }
    if (!artist_spacing_ok(candidates, order, next, request.no_repeat_artist)) return false;
    return position == 0 || seams.score(order.back(), next).has_value();
}

std::optional<SetObjective> SetProblem::evaluate(const std::vector<std::size_t>& order) {
    if (order.empty()) return std::nullopt;
    SetObjective o;
    std::vector<std::size_t> before;
    before.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (!artist_spacing_ok(candidates, before, order[i], request.no_repeat_artist)) return std::nullopt;
        if (i > 0) {
            const auto s = seams.score(order[i - 1], order[i]);
            if (!s) return std::nullopt;
            o.seam += *s;
        }
        o.arc += arc_fit(order[i], i);
        before.push_back(order[i]);
    }
    o.seam /= double(std::max<std::size_t>(1, order.size() - 1));
    o.arc /= double(order.size());
    o.total = o.seam + request.arc_weight * o.arc;
    return o;
}

std::vector<std::size_t> SetProblem::openers() const {
    if (request.first) return {*request.first};
    std::vector<std::size_t> all;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (!(request.last && length > 1 && i == *request.last)) all.push_back(i);
    }
    std::stable_sort(all.begin(), all.end(), [&](std::size_t a, std::size_t b) { return arc_fit(a, 0) > arc_fit(b, 0); });
    return all;
}

}  // namespace minidj::planner
