#include "cli/demo_transition.h"

#include <fmt/format.h>

#include "cli/interrupt.h"
#include "cli/mix_report.h"
#include "cli/mix_tracks.h"
#include "cli/output_guard.h"
#include "minidj/json_text.h"
#include "minidj/render.h"

namespace minidj::cli {

int render_demo_transition(Library& library, const std::filesystem::path& a,
                           const std::filesystem::path& b, const std::filesystem::path& folder) {
    const auto audio = folder / "transition.flac", png = folder / "transition.png",
               report_file = folder / "transition.json", plan_file = folder / "transition.plan.json";
    std::vector<NamedFile> outputs;
    for (const auto& file : {audio, png, report_file, plan_file}) outputs.push_back({file, printable_path(file)});
    if (!outputs_are_safe("demo", outputs, input_tracks({a, b}), &library, folder / "library.sqlite")) return 2;
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
    ro.output = audio;
    ro.cancel = &interrupt_flag();
    auto report = render_transition(ta.value(), tb.value(), plan.value(), ro);
    if (!report) {
        fmt::print(stderr, "{}\n", report.error().message);
        return ro.cancel->load() ? 130 : 1;
    }
    for (const auto& s : {plot_transition(plan.value(), report.value(), png),
                          write_file_atomically(report_file, dump_json(to_json(report.value()), 1) + "\n", "demo"),
                          write_file_atomically(plan_file, dump_json(to_json(plan.value()), 1) + "\n", "demo")}) {
        if (!s) {
            fmt::print(stderr, "{}\n", s.error().message);
            return 1;
        }
    }
    print_report(report.value());
    fmt::print("plot: {}   report: {}   plan: {}\n", printable_path(png), printable_path(report_file),
               printable_path(plan_file));
    return 0;
}

}  // namespace minidj::cli
