#pragma once
// The hard rules of a set (tempo limit, harmonic rule, artist spacing).

#include <span>
#include <vector>

#include "minidj/set_planner.h"

namespace minidj::planner {

/// B may follow A by the request's rulebook (brain::rulebook_allows: tempos within the limit
/// after half/double-time matching, keys allowed by the harmonic rule). A track without a beat
/// or a key fits any.
bool seam_allowed(const SetCandidate& a, const SetCandidate& b, const SetRequest& request);

/// True when `next` may be played after `order` without an artist repeating within the
/// request's spacing.
bool artist_spacing_ok(std::span<const SetCandidate> candidates, const std::vector<std::size_t>& order,
                       std::size_t next, int spacing);

}  // namespace minidj::planner
