// run_play(): the tracks, the player, the controls and what is shown while the night plays.
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>

#include "cli/brain_support.h"
#include "cli/control_input.h"
#include "cli/interrupt.h"
#include "cli/library_option.h"
#include "cli/mix_tracks.h"
#include "cli/output_guard.h"
#include "cli/play_command.h"
#include "cli/play_tracks.h"
#include "cli/set_choices.h"
#include "cli/set_pool.h"
#include "minidj/json_text.h"
#include "minidj/live.h"
#include "minidj/parse.h"

namespace minidj::cli {
namespace {

std::string name_of(const std::string& path) { return printable_path(std::filesystem::path(path).filename().string()); }

int list_devices() {
    auto devices = live::list_output_devices();
    if (!devices) {
        std::cerr << devices.error().message << '\n';
        return 1;
    }
    if (devices.value().empty()) std::cout << "no audio outputs\n";
    for (const auto& d : devices.value()) {
        fmt::print("{:3} {} {} ({}, {} channels, {:.0f} Hz)\n", d.index, d.is_default ? '*' : ' ', d.name, d.host_api,
                   d.channels, d.default_rate);
    }
    return 0;
}

Result<live::PlayerOptions> player_options(const PlayCliOptions& opt) {
    live::PlayerOptions po;
    if (!opt.length.empty()) {
        auto seconds = parse_duration(opt.length);
        if (!seconds) return Error{fmt::format("play: --length {}: {}", printable_path(opt.length), seconds.error().message)};
        po.length_s = seconds.value();
    }
    if (opt.tracks) po.tracks = opt.tracks;
    if (!opt.start.empty()) po.start = opt.start;
    const auto choices = parse_set_choices("play", opt.arc, opt.harmonic, opt.style);
    if (!choices) return choices.error();
    po.arc = choices.value().arc;
    po.rules.harmonic = choices.value().harmonic;
    po.rules.max_tempo_change = opt.max_tempo_change_pct / 100.0;
    po.transitions.transition.style = choices.value().style;
    po.transitions.transition.bars = opt.bars;
    po.transitions.transition.max_tempo_change = po.rules.max_tempo_change;
    po.transitions.min_play_s = opt.min_play_s;
    if (auto s = po.transitions.transition.validate(); !s) return Error{"play: " + s.error().message};
    if (!(opt.buffer_ms >= 1 && opt.buffer_ms <= 1000)) return Error{"play: --buffer-ms must be 1..1000"};
    po.buffer_ms = opt.buffer_ms;
    po.device = opt.device;
    po.engine = opt.fast ? StretchEngine::kFaster : StretchEngine::kFinerShort;
    po.record = opt.record;
    return po;
}

ControlInput::Mode control_mode(const std::string& control) {
    if (control == "keys") return ControlInput::Mode::kKeys;
    if (control == "stdin") return ControlInput::Mode::kLines;
    if (control == "none") return ControlInput::Mode::kNone;
    return isatty(STDIN_FILENO) ? ControlInput::Mode::kKeys : ControlInput::Mode::kLines;
}

// `line` cut to the terminal's width (on a UTF-8 character boundary), so that \r redraws it.
std::string fitted(std::string line) {
    struct winsize size {};
    const std::size_t width = ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 ? size.ws_col - 1 : 79;
    if (line.size() <= width) return line;
    std::size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    line.resize(cut);
    return line;
}

std::string status_line(const live::PlayerStatus& s) {
    std::string line = fmt::format("{} {}  {:.1f} BPM {}", mix_time(s.played_s), name_of(s.now), s.bpm, s.key);
    if (!s.next.empty()) {
        line += fmt::format("  next {}", name_of(s.next));
        if (s.transition_in_s) line += fmt::format(" in {:.0f} s", *s.transition_in_s);
        if (s.transition_under_way) line += " (mixing)";
    }
    if (s.held) line += "  [hold]";
    if (s.paused) line += "  [paused]";
    if (s.energy_bias != 0) line += fmt::format("  energy {:+.2f}", s.energy_bias);
    if (s.underruns) line += fmt::format("  underruns {}", s.underruns);
    if (!s.reason.empty()) line += "  (" + s.reason + ")";
    return line;
}

void print_summary(const live::PlayerSummary& summary) {
    fmt::print(stderr, "played {} on {}: {} tracks, {} underruns\n", mix_time(summary.played_s), summary.device,
               summary.tracklist.size(), summary.underruns);
    for (std::size_t i = 0; i < summary.tracklist.size(); ++i) {
        fmt::print(stderr, "  {:>7}  {}\n", mix_time(summary.tracklist[i].start_s), name_of(summary.tracklist[i].path));
    }
    for (const auto& seam : summary.seams) {
        fmt::print(stderr, "  seam {}: beat phase error {:.1f} ms (median of {} beats), downbeats {}\n", seam.style,
                   seam.phase_error_median_ms, seam.beats_measured, seam.downbeats_aligned ? "aligned" : "not aligned");
    }
}

// Until the night ends: commands in, events and the status line out.
int play_until_done(live::Player& player, const PlayCliOptions& opt) {
    ControlInput input(control_mode(opt.control));
    const bool status_line_shown = !opt.json && isatty(STDERR_FILENO);
    bool quit_sent = false;
    while (!player.wait(0.0)) {
        for (const auto& word : input.poll(100)) {
            if (auto command = live::parse_command(word)) player.command(*command);
        }
        if (interrupt_flag().load() && !quit_sent) {  // Ctrl-C fades out like q
            player.command(live::Command::kQuit);
            quit_sent = true;
        }
        for (const auto& event : player.take_events()) {
            if (opt.json) {
                std::cout << dump_json(event) << std::endl;
            } else if (event["event"] == "note" || event["event"] == "underrun") {
                std::cerr << (status_line_shown ? "\r\033[K" : "") << "play: " << dump_json(event) << '\n';
            }
        }
        if (status_line_shown) std::cerr << "\r\033[K" << fitted(status_line(player.status())) << std::flush;
    }
    if (status_line_shown) std::cerr << "\r\033[K";
    for (const auto& event : player.take_events()) {
        if (opt.json) std::cout << dump_json(event) << std::endl;
    }
    auto summary = player.finish();
    if (!summary) {
        std::cerr << summary.error().message << '\n';
        return 1;
    }
    if (!opt.json) print_summary(summary.value());
    return 0;
}

}  // namespace

int run_play(const PlayCliOptions& opt) {
    if (opt.list_devices) return list_devices();
    auto options = player_options(opt);
    if (!options) {
        std::cerr << options.error().message << '\n';
        return 2;
    }
    std::filesystem::path db;
    auto library = open_library(opt.db, db);
    if (!library) return 1;
    const auto model = load_model(opt.model, db);
    if (!model) return 1;
    if (!opt.record.empty()) {
        auto stem = std::filesystem::path(opt.record);
        stem.replace_extension();
        const std::vector<NamedFile> outputs{option_output("--record", opt.record),
                                             {stem.string() + ".cue", "the CUE sheet " + printable_path(stem.string() + ".cue")},
                                             {stem.string() + ".m3u8", "the playlist " + printable_path(stem.string() + ".m3u8")},
                                             {stem.string() + ".report.json", "the report " + printable_path(stem.string() + ".report.json")}};
        auto inputs = input_tracks(opt.paths);
        for (const auto& file : expand_set_paths(opt.paths).files) inputs.push_back({file, "the input track " + printable_path(file)});
        if (!outputs_are_safe("play", outputs, std::move(inputs), library.get(), db)) return 2;
    }
    auto tracks = gather_play_tracks(*library, opt.paths);
    if (!tracks) {
        std::cerr << tracks.error().message << '\n';
        return 1;
    }
    for (const auto& s : tracks.value().skipped) std::cerr << "play: skipped " << s << '\n';
    auto& to_analyse = tracks.value().to_analyse;
    // Nothing analysed yet: the first track plays as soon as it is.
    while (tracks.value().ready.empty() && !to_analyse.empty() && !interrupt_flag().load()) {
        auto analysis = analysis_for(to_analyse.front(), library.get());
        if (analysis) tracks.value().ready.push_back(playable(analysis.value(), ""));
        else std::cerr << "play: skipped " << analysis.error().message << '\n';
        to_analyse.erase(to_analyse.begin());
    }
    if (tracks.value().ready.empty()) {
        std::cerr << (opt.paths.empty() ? "play: the library has no tracks (minidj analyze DIR adds them)\n"
                                        : "play: none of the paths holds a track that can be played\n");
        return 1;
    }
    // The player's worker threads read analyses through their own connection to the library.
    auto reader = Library::open(db);
    if (!reader) {
        std::cerr << reader.error().message << '\n';
        return 1;
    }
    std::shared_ptr<Library> reader_library = std::move(reader.value());
    auto player = live::Player::start(options.value(), std::move(tracks.value().ready), *model->model,
                                      [reader_library](const std::string& path) {
                                          return analysis_for(path, reader_library.get());
                                      });
    if (!player) {
        std::cerr << player.error().message << '\n';
        return 1;
    }
    live::Player* raw = player.value().get();
    BackgroundAnalysis analysing(db, std::move(to_analyse), [raw](live::PlayableTrack t) { raw->add_track(std::move(t)); });
    return play_until_done(*player.value(), opt);
}

}  // namespace minidj::cli
