#include "live/audio_device.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <portaudio.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace minidj::live {
namespace {

constexpr double kPauseFadeS = 0.05;

// PortAudio is initialised once per process and stays so. ALSA prints its probing of absent
// cards on stderr; the user sees our one-line errors instead.
Status initialise_portaudio() {
    static std::once_flag once;
    static PaError result = paNoError;
    std::call_once(once, [] {
        const int saved = dup(2);
        const int null = open("/dev/null", O_WRONLY);
        if (saved >= 0 && null >= 0) dup2(null, 2);
        result = Pa_Initialize();
        if (saved >= 0) {
            dup2(saved, 2);
            close(saved);
        }
        if (null >= 0) close(null);
    });
    if (result != paNoError) return Error{fmt::format("play: audio: {}", Pa_GetErrorText(result))};
    return Ok{};
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string host_name(const PaDeviceInfo& info) {
    const auto* api = Pa_GetHostApiInfo(info.hostApi);
    return api ? api->name : "?";
}

// "" -> the default output; "jack" -> the JACK host API's default output; a number -> that
// device; else the first output device whose name contains `wanted` (any case).
Result<PaDeviceIndex> find_device(const std::string& wanted) {
    if (wanted.empty()) {
        const PaDeviceIndex d = Pa_GetDefaultOutputDevice();
        if (d == paNoDevice) return Error{"play: no audio output device (minidj play --list-devices lists them)"};
        return d;
    }
    if (lower(wanted) == "jack") {
        const PaHostApiIndex api = Pa_HostApiTypeIdToHostApiIndex(paJACK);
        const auto* info = api >= 0 ? Pa_GetHostApiInfo(api) : nullptr;
        if (!info || info->defaultOutputDevice == paNoDevice) {
            return Error{"play: --device jack: no JACK server is running (start one, e.g. `jackd -d alsa`)"};
        }
        return info->defaultOutputDevice;
    }
    const int count = Pa_GetDeviceCount();
    if (!wanted.empty() && std::all_of(wanted.begin(), wanted.end(), [](unsigned char c) { return std::isdigit(c); })) {
        const int index = std::stoi(wanted.substr(0, 6));
        if (index < count && Pa_GetDeviceInfo(index)->maxOutputChannels > 0) return PaDeviceIndex(index);
    }
    for (int i = 0; i < count; ++i) {
        const auto* info = Pa_GetDeviceInfo(i);
        if (info->maxOutputChannels > 0 && lower(info->name).find(lower(wanted)) != std::string::npos) return i;
    }
    return Error{fmt::format("play: --device {}: no such output device (minidj play --list-devices lists them)", wanted)};
}

}  // namespace

struct AudioDevice::Stream {
    PaStream* stream = nullptr;
    ~Stream() {
        if (stream) {
            Pa_AbortStream(stream);
            Pa_CloseStream(stream);
        }
    }
};

Result<std::vector<OutputDevice>> list_output_devices() {
    if (auto s = initialise_portaudio(); !s) return s.error();
    std::vector<OutputDevice> out;
    const PaDeviceIndex fallback = Pa_GetDefaultOutputDevice();
    for (int i = 0; i < Pa_GetDeviceCount(); ++i) {
        const auto* info = Pa_GetDeviceInfo(i);
        if (info->maxOutputChannels <= 0) continue;
        out.push_back({i, info->name, host_name(*info), info->maxOutputChannels, info->defaultSampleRate, i == fallback});
    }
    return out;
}

Result<std::unique_ptr<AudioDevice>> AudioDevice::open(const std::string& device, double buffer_ms, double ring_s) {
    if (auto s = initialise_portaudio(); !s) return s.error();
    auto index = find_device(device);
    if (!index) return index.error();
    const auto* info = Pa_GetDeviceInfo(index.value());
    std::unique_ptr<AudioDevice> d(new AudioDevice());
    d->name_ = fmt::format("{} ({})", info->name, host_name(*info));
    d->rate_ = int(std::lround(info->defaultSampleRate > 0 ? info->defaultSampleRate : 48000));
    d->fade_step_ = float(1.0 / (kPauseFadeS * d->rate_));
    d->ring_ = std::make_unique<FrameRing>(std::size_t(std::max(0.1, ring_s) * d->rate_));
    PaStreamParameters params{};
    params.device = index.value();
    params.channelCount = 2;
    params.sampleFormat = paFloat32;
    params.suggestedLatency = std::max(0.001, buffer_ms / 1000.0);
    d->stream_ = std::make_unique<Stream>();
    const PaError e = Pa_OpenStream(&d->stream_->stream, nullptr, &params, d->rate_, paFramesPerBufferUnspecified,
                                    paClipOff, reinterpret_cast<PaStreamCallback*>(&AudioDevice::callback), d.get());
    if (e != paNoError) {
        d->stream_->stream = nullptr;
        return Error{fmt::format("play: cannot open {}: {}", d->name_, Pa_GetErrorText(e))};
    }
    return d;
}

AudioDevice::~AudioDevice() { stop(); }

Status AudioDevice::start() {
    if (const PaError e = Pa_StartStream(stream_->stream); e != paNoError) {
        return Error{fmt::format("play: cannot start {}: {}", name_, Pa_GetErrorText(e))};
    }
    return Ok{};
}

double AudioDevice::output_latency_s() const {
    const PaStreamInfo* info = stream_ && stream_->stream ? Pa_GetStreamInfo(stream_->stream) : nullptr;
    return info ? info->outputLatency : 0.0;
}

void AudioDevice::stop() {
    if (stream_) stream_.reset();
}

int AudioDevice::callback(const void*, void* output, unsigned long frames, const void*, unsigned long, void* self) {
    static_cast<AudioDevice*>(self)->fill(static_cast<float*>(output), frames);
    return paContinue;
}

void AudioDevice::fill(float* out, std::size_t frames) {
    const bool paused = paused_.load(std::memory_order_acquire);
    if (paused && gain_ <= 0.0f) {  // paused and faded: silence, the ring keeps its place
        std::fill(out, out + 2 * frames, 0.0f);
        return;
    }
    const std::size_t got = ring_->read(out, frames);
    played_.fetch_add(got, std::memory_order_acq_rel);
    if (got < frames) {
        std::fill(out + 2 * got, out + 2 * frames, 0.0f);
        if (!draining_.load(std::memory_order_acquire)) underruns_.fetch_add(1, std::memory_order_acq_rel);
    }
    const float target = paused ? 0.0f : 1.0f;
    if (gain_ == target) return;
    for (std::size_t k = 0; k < frames; ++k) {
        gain_ = target > gain_ ? std::min(target, gain_ + fade_step_) : std::max(target, gain_ - fade_step_);
        out[2 * k] *= gain_;
        out[2 * k + 1] *= gain_;
    }
}

}  // namespace minidj::live
