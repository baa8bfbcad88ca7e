#pragma once
// The mix report for a person: what was measured on the rendered audio, against the bars.

#include "minidj/render.h"

namespace minidj::cli {

void print_report(const MixReport& report);

}  // namespace minidj::cli
