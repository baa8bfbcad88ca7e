#pragma once
// The shipped beat network's weights, embedded at build time from models/beats.tcn (empty when
// the file is absent, e.g. while training the first one).

#include <string_view>

namespace minidj::analysis {

std::string_view beat_network_model_bytes();

}  // namespace minidj::analysis
