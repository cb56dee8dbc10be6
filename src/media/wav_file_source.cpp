#include <algorithm>
#include <system_error>
#include <vector>

#include <sndfile.h>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/wav_file_source.hpp>

#include "audio_limits.hpp"
#include "audio_log.hpp"

namespace sessioncore::media {

namespace {

// Samples per channel read from the file at a time: the scratch buffer is sized once at open,
// so a frame of any length is read in pieces without allocating.
constexpr sf_count_t chunk_frames = 1024;

struct SndfileCloser {
    void operator()(SNDFILE* file) const noexcept { sf_close(file); }
};

boost::system::error_code open_error(const std::filesystem::path& path, int sf_code) {
    std::error_code fs_ec;
    if (!std::filesystem::exists(path, fs_ec))
        return audio_errc::file_not_found;
    if (std::filesystem::is_directory(path, fs_ec) || sf_code == SF_ERR_SYSTEM)
        return audio_errc::cannot_open;
    return audio_errc::not_audio;  // unrecognised, malformed, or an encoding sndfile lacks
}

}  // namespace

struct WavFileSource::Impl {
    std::unique_ptr<SNDFILE, SndfileCloser> file;
    SF_INFO info{};
    Looping looping = Looping::Once;
    std::vector<float> scratch;
    sf_count_t position = 0;  // samples per channel read since the start or the last rewind
    bool finished = false;

    std::size_t read_chunk(std::span<std::int16_t> out) noexcept;
    bool rewind() noexcept;
};

// Reads up to out.size() mono samples (at most chunk_frames); fewer means the end or an error.
std::size_t WavFileSource::Impl::read_chunk(std::span<std::int16_t> out) noexcept {
    auto want = std::min<sf_count_t>(static_cast<sf_count_t>(out.size()), chunk_frames);
    sf_count_t got = sf_readf_float(file.get(), scratch.data(), want);
    if (got < 0)
        got = 0;
    position += got;
    auto count = static_cast<std::size_t>(got);
    if (info.channels == 1) {
        for (std::size_t i = 0; i < count; ++i)
            out[i] = detail::to_int16(scratch[i]);
    } else {  // stereo: the mean of both channels, so a full-scale channel cannot clip
        for (std::size_t i = 0; i < count; ++i)
            out[i] =
                detail::to_int16((static_cast<double>(scratch[2 * i]) + scratch[2 * i + 1]) / 2);
    }
    return count;
}

bool WavFileSource::Impl::rewind() noexcept {
    if (info.frames <= 0 || sf_seek(file.get(), 0, SEEK_SET) != 0)
        return false;
    position = 0;
    return true;
}

boost::system::result<WavFileSource> WavFileSource::open(const std::filesystem::path& path,
                                                         WavFileSourceOptions options) {
    auto impl = std::make_unique<Impl>();
    impl->looping = options.looping;
    impl->file.reset(sf_open(path.c_str(), SFM_READ, &impl->info));
    auto& log = detail::media_logger();
    if (!impl->file) {
        int sf_code = sf_error(nullptr);
        auto ec = open_error(path, sf_code);
        log.warn("media.wav_open_failed path={} error=\"{}\" sndfile=\"{}\"", path.string(),
                 ec.message(), sf_error_number(sf_code));
        return ec;
    }
    if (impl->info.channels != 1 && impl->info.channels != 2) {
        log.warn("media.wav_open_failed path={} error=\"{}\" channels={}", path.string(),
                 to_string(audio_errc::unsupported_channels), impl->info.channels);
        return audio_errc::unsupported_channels;
    }
    if (!detail::valid_sample_rate(impl->info.samplerate)) {
        log.warn("media.wav_open_failed path={} error=\"{}\" rate={}", path.string(),
                 to_string(audio_errc::unsupported_sample_rate), impl->info.samplerate);
        return audio_errc::unsupported_sample_rate;
    }
    impl->scratch.resize(static_cast<std::size_t>(chunk_frames * impl->info.channels));
    impl->finished = impl->info.frames == 0;
    return WavFileSource(std::move(impl));
}

WavFileSource::WavFileSource(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
WavFileSource::WavFileSource(WavFileSource&&) noexcept = default;
WavFileSource& WavFileSource::operator=(WavFileSource&&) noexcept = default;
WavFileSource::~WavFileSource() = default;

int WavFileSource::sample_rate() const noexcept {
    return impl_->info.samplerate;
}
bool WavFileSource::finished() const noexcept {
    return impl_->finished;
}
int WavFileSource::file_channels() const noexcept {
    return impl_->info.channels;
}
std::int64_t WavFileSource::file_samples() const noexcept {
    return impl_->info.frames;
}

std::size_t WavFileSource::read(std::span<std::int16_t> frame) {
    std::size_t filled = 0;
    bool rewound_without_data = false;  // an empty pass after a rewind: stop, do not spin
    while (!impl_->finished && filled < frame.size()) {
        std::size_t got = impl_->read_chunk(frame.subspan(filled));
        filled += got;
        if (got > 0) {
            rewound_without_data = false;
            continue;
        }
        if (sf_error(impl_->file.get()) != SF_ERR_NO_ERROR) {
            detail::media_logger().warn("media.wav_read_failed error=\"{}\"",
                                        sf_strerror(impl_->file.get()));
            impl_->finished = true;
        } else if (impl_->looping == Looping::Forever && !rewound_without_data && impl_->rewind()) {
            rewound_without_data = true;
        } else {
            impl_->finished = true;
        }
    }
    // A file that ends exactly at a frame boundary is finished with that frame, not one later.
    if (impl_->looping == Looping::Once && impl_->position >= impl_->info.frames)
        impl_->finished = true;
    std::fill(frame.begin() + static_cast<std::ptrdiff_t>(filled), frame.end(), std::int16_t{0});
    return filled;
}

}  // namespace sessioncore::media
