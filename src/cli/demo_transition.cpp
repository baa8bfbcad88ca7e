#include "cli/demo_transition.h"

#include <fmt/format.h>

#include <fstream>

#include "cli/interrupt.h"
#include "cli/mix_report.h"
#include "cli/mix_tracks.h"
#include "minidj/render.h"

namespace minidj::cli {

int render_demo_transition(Library& library, const std::filesystem::path& a,
                           const std::filesystem::path& b, const std::filesystem::path& folder) {
    auto ta = analysis_for(a, &library);
    auto tb = analysis_for(b, &library);
    if (!ta || !tb) {
        fmt::print(stderr, "{}\n", (!ta ? ta.error() : tb.error()).message);
        return 1;
    }
    auto plan = plan_transition(ta.value(), tb.value());
    if (!plan) {
        fmt::print(stderr, "{}\n", plan.error().message);
        return 1;
    }
    fmt::print("\nmixing {} into {} ({} bars, {})\n", a.filename().string(), b.filename().string(),
               plan->bars, style_name(plan->style));
    RenderOptions ro;
    ro.output = folder / "transition.flac";
    ro.cancel = &interrupt_flag();
    auto report = render_transition(ta.value(), tb.value(), plan.value(), ro);
    if (!report) {
        fmt::print(stderr, "{}\n", report.error().message);
        return ro.cancel->load() ? 130 : 1;
    }
    if (auto s = plot_transition(plan.value(), report.value(), folder / "transition.png"); !s) {
        fmt::print(stderr, "{}\n", s.error().message);
        return 1;
    }
    std::ofstream(folder / "transition.json") << to_json(report.value()).dump(1) << '\n';
    std::ofstream(folder / "transition.plan.json") << to_json(plan.value()).dump(1) << '\n';
    print_report(report.value());
    fmt::print("plot: {}   report: {}   plan: {}\n", (folder / "transition.png").string(),
               (folder / "transition.json").string(), (folder / "transition.plan.json").string());
    return 0;
}

}  // namespace minidj::cli
