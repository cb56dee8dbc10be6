// wav_tone_check FILE --expect HZ [--tolerance HZ] [--min-level DBFS]
// Reads an audio file (WavFileSource: any file libsndfile opens, mixed to mono), prints one JSON
// object with its dominant frequency and RMS level, and exits 1 when the expected frequency is
// not dominant (|dominant - expect| > tolerance) or the file is silent (RMS below min-level),
// 2 on bad arguments or an unreadable file. The audio interop tests run it on recordings.
//
// The dominant frequency is found with Goertzel filters (the ToneDetector's method): a scan in
// 5 Hz steps over 0.1 s blocks (10 Hz resolution), then 0.5 Hz steps over 1 s blocks around
// the best. Only the first 10 s are scanned, which keeps a 48 kHz file well under a second.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/media/goertzel.hpp>
#include <sessioncore/media/tone_detector.hpp>
#include <sessioncore/media/wav_file_source.hpp>

namespace {

using sessioncore::media::WavFileSource;

struct Args {
    std::string file;
    double expect_hz = 0;
    double tolerance_hz = 20;
    double min_level_dbfs = -50;
};

bool parse_args(int argc, char** argv, Args& args) {
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        bool has_value = i + 1 < argc;
        if (a == "--expect" && has_value)
            args.expect_hz = std::atof(argv[++i]);
        else if (a == "--tolerance" && has_value)
            args.tolerance_hz = std::atof(argv[++i]);
        else if (a == "--min-level" && has_value)
            args.min_level_dbfs = std::atof(argv[++i]);
        else if (!a.starts_with("--") && args.file.empty())
            args.file = a;
        else
            return false;
    }
    return !args.file.empty() && args.expect_hz > 0 && args.tolerance_hz >= 0;
}

// Mean Goertzel power at hz over consecutive blocks of `block` samples.
double mean_power(const std::vector<std::int16_t>& x, int rate, double hz, std::size_t block) {
    double total = 0;
    std::size_t blocks = 0;
    for (std::size_t start = 0; start + block <= x.size(); start += block, ++blocks)
        total += sessioncore::media::goertzel_power(std::span(x).subspan(start, block), hz, rate);
    return blocks > 0 ? total / static_cast<double>(blocks) : 0;
}

double best_in(const std::vector<std::int16_t>& x, int rate, double from, double to, double step,
               std::size_t block) {
    double best_hz = from, best_power = -1;
    for (double hz = from; hz <= to; hz += step) {
        double p = mean_power(x, rate, hz, block);
        if (p > best_power) {
            best_power = p;
            best_hz = hz;
        }
    }
    return best_hz;
}

double dominant_frequency(const std::vector<std::int16_t>& x, int rate) {
    std::size_t coarse_block = std::max<std::size_t>(1, static_cast<std::size_t>(rate) / 10);
    std::size_t fine_block = std::min(x.size(), static_cast<std::size_t>(rate));
    if (x.size() < coarse_block)
        coarse_block = x.size();
    double nyquist = rate / 2.0;
    double coarse = best_in(x, rate, 20, nyquist - 20, 5, coarse_block);
    return best_in(x, rate, std::max(1.0, coarse - 10), std::min(nyquist - 1, coarse + 10), 0.5,
                   fine_block);
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    if (!parse_args(argc, argv, args)) {
        std::fprintf(
            stderr, "usage: wav_tone_check FILE --expect HZ [--tolerance HZ] [--min-level DBFS]\n");
        return 2;
    }
    auto source = WavFileSource::open(args.file);
    if (!source) {
        std::fprintf(stderr, "wav_tone_check: %s: %s\n", args.file.c_str(),
                     source.error().message().c_str());
        return 2;
    }
    const int rate = source->sample_rate();
    const std::size_t max_samples = static_cast<std::size_t>(rate) * 10;
    std::vector<std::int16_t> samples;
    std::vector<std::int16_t> frame(sessioncore::media::frame_samples(rate));
    while (!source->finished() && samples.size() < max_samples) {
        std::size_t n = source->read(frame);
        samples.insert(samples.end(), frame.begin(), frame.begin() + static_cast<long>(n));
    }
    double rms = sessioncore::media::level_dbfs(samples);
    bool silent = samples.empty() || rms < args.min_level_dbfs;
    double dominant = silent ? 0.0 : dominant_frequency(samples, rate);
    bool frequency_ok = !silent && std::abs(dominant - args.expect_hz) <= args.tolerance_hz;
    const char* verdict = silent ? "silent" : (frequency_ok ? "ok" : "wrong_frequency");
    std::printf(
        "{\"file\":\"%s\",\"sample_rate\":%d,\"samples\":%zu,\"rms_dbfs\":%.2f,"
        "\"dominant_hz\":%.1f,\"expect_hz\":%.1f,\"tolerance_hz\":%.1f,\"result\":\"%s\"}\n",
        args.file.c_str(), rate, samples.size(), rms, dominant, args.expect_hz, args.tolerance_hz,
        verdict);
    return frequency_ok ? 0 : 1;
}
