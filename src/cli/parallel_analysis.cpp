#include "cli/parallel_analysis.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace minidj::cli {

void analyse_in_parallel(const std::vector<std::filesystem::path>& files, int jobs,
                         const AnalysisOptions& options, const std::atomic<bool>& cancel,
                         const ResultHandler& on_result) {
    if (jobs <= 0) jobs = int(std::max(1u, std::thread::hardware_concurrency()));
    jobs = std::min<int>(jobs, int(files.size()));

    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<std::size_t, Result<TrackAnalysis>>> finished;  // guarded by mutex
    std::size_t workers_running = std::size_t(jobs);                      // guarded by mutex

    auto worker = [&] {
        for (std::size_t i = next++; i < files.size() && !cancel.load(); i = next++) {
            auto result = analyze_file(files[i], options, &cancel);
            std::lock_guard lock(mutex);
            finished.emplace_back(i, std::move(result));
            ready.notify_one();
        }
        std::lock_guard lock(mutex);
        --workers_running;
        ready.notify_one();
    };
    std::vector<std::jthread> pool;
    for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);

    for (;;) {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return !finished.empty() || workers_running == 0; });
        if (finished.empty()) break;
        auto [index, result] = std::move(finished.front());
        finished.pop_front();
        lock.unlock();
        on_result(index, std::move(result));
    }
}

}  // namespace minidj::cli
