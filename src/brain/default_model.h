#pragma once
// The shipped model's bytes, embedded at build time from models/default.brain (empty when the
// file is absent, e.g. while bootstrapping the first model).

#include <string_view>

namespace minidj::brain {

std::string_view default_model_bytes();

}  // namespace minidj::brain
