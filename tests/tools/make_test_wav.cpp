// make_test_wav OUT.wav RATE HZ DBFS MS: records MS milliseconds of a tone (HZ > 0) or of
// silence (HZ = 0) with ToneSource/SilenceSource and WavFileSink, for wav_tone_check_test.sh.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include <sessioncore/media/silence_source.hpp>
#include <sessioncore/media/tone_source.hpp>
#include <sessioncore/media/wav_file_sink.hpp>

using namespace sessioncore::media;

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: make_test_wav OUT.wav RATE HZ DBFS MS\n");
        return 2;
    }
    int rate = std::atoi(argv[2]);
    double hz = std::atof(argv[3]);
    std::chrono::milliseconds length{std::atoi(argv[5])};
    std::unique_ptr<AudioSource> source;
    if (hz > 0) {
        auto tone = ToneSource::create({.sample_rate = rate,
                                        .frequency_hz = hz,
                                        .level_dbfs = std::atof(argv[4]),
                                        .duration = length});
        if (!tone) {
            std::fprintf(stderr, "make_test_wav: %s\n", tone.error().message().c_str());
            return 2;
        }
        source = std::make_unique<ToneSource>(*tone);
    } else {
        source = std::make_unique<SilenceSource>(rate, length);
    }
    auto sink = WavFileSink::create(argv[1], rate);
    if (!sink) {
        std::fprintf(stderr, "make_test_wav: %s\n", sink.error().message().c_str());
        return 2;
    }
    std::vector<std::int16_t> frame(frame_samples(rate));
    while (!source->finished()) {
        std::size_t n = source->read(frame);
        if (auto ec = sink->write(std::span(frame).first(n))) {
            std::fprintf(stderr, "make_test_wav: %s\n", ec.message().c_str());
            return 2;
        }
    }
    return sink->close() ? 2 : 0;
}
