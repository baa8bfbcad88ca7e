#pragma once
// A real JACK2 server for the live tests, with the dummy backend (no sound card; it paces in
// real time like one): started per test process under its own name, which the process's
// clients (PortAudio's JACK host API) find through JACK_DEFAULT_SERVER. Must be constructed
// before the process's first PortAudio call.

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace minidj::test {

class JackServer {
public:
    explicit JackServer(int period_frames = 1024, int rate = 48000) {
        name_ = "minidj-test-" + std::to_string(getpid());
        setenv("JACK_DEFAULT_SERVER", name_.c_str(), 1);
        setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
        // Two servers starting at the same instant (ctest starts its longest tests together)
        // can collide on JACK's shared registry and one exits at once: it is started again.
        for (int attempt = 0; attempt < 3 && !ready_; ++attempt) {
            if (attempt > 0) usleep(useconds_t(300000 * attempt + 100000 * (getpid() % 5)));
            start(period_frames, rate);
        }
    }
    ~JackServer() { stop(); }
    JackServer(const JackServer&) = delete;
    JackServer& operator=(const JackServer&) = delete;

    bool ready() const { return ready_; }
    const std::string& name() const { return name_; }

private:
    void start(int period_frames, int rate) {
        stop();
        const std::string period = std::to_string(period_frames), r = std::to_string(rate);
        pid_ = fork();
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);  // a test that crashes takes its server with it
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            execlp("jackd", "jackd", "--no-realtime", "-n", name_.c_str(), "-d", "dummy", "-r", r.c_str(), "-p",
                   period.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        const std::string wait = "jack_wait -s " + name_ + " -w -t 20 >/dev/null 2>&1";
        ready_ = pid_ > 0 && std::system(wait.c_str()) == 0;
    }
    void stop() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }

    std::string name_;
    pid_t pid_ = -1;
    bool ready_ = false;
};

}  // namespace minidj::test
