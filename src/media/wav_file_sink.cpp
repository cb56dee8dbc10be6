#include <sndfile.h>

#include <sessioncore/media/audio_error.hpp>
#include <sessioncore/media/wav_file_sink.hpp>

#include "audio_limits.hpp"
#include "audio_log.hpp"

namespace sessioncore::media {

struct WavFileSink::Impl {
    SNDFILE* file = nullptr;  // closed by close(); sf_close's result is the header's fate
    int sample_rate = 0;
    std::int64_t written = 0;
    std::string path;

    ~Impl() {
        if (file != nullptr && sf_close(file) != 0)
            detail::media_logger().warn("media.wav_close_failed path={}", path);
    }
};

boost::system::result<WavFileSink> WavFileSink::create(const std::filesystem::path& path,
                                                       int sample_rate) {
    auto& log = detail::media_logger();
    if (!detail::valid_sample_rate(sample_rate)) {
        log.warn("media.wav_create_failed path={} error=\"{}\" rate={}", path.string(),
                 to_string(audio_errc::unsupported_sample_rate), sample_rate);
        return audio_errc::unsupported_sample_rate;
    }
    SF_INFO info{};
    info.samplerate = sample_rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    auto impl = std::make_unique<Impl>();
    impl->file = sf_open(path.c_str(), SFM_WRITE, &info);
    if (impl->file == nullptr) {
        log.warn("media.wav_create_failed path={} error=\"{}\" sndfile=\"{}\"", path.string(),
                 to_string(audio_errc::cannot_create), sf_strerror(nullptr));
        return audio_errc::cannot_create;
    }
    impl->sample_rate = sample_rate;
    impl->path = path.string();
    return WavFileSink(std::move(impl));
}

WavFileSink::WavFileSink(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
WavFileSink::WavFileSink(WavFileSink&&) noexcept = default;
WavFileSink& WavFileSink::operator=(WavFileSink&&) noexcept = default;
WavFileSink::~WavFileSink() = default;

int WavFileSink::sample_rate() const noexcept {
    return impl_->sample_rate;
}
std::int64_t WavFileSink::samples_written() const noexcept {
    return impl_->written;
}

boost::system::error_code WavFileSink::write(std::span<const std::int16_t> frame) {
    if (impl_->file == nullptr)
        return audio_errc::closed;
    auto want = static_cast<sf_count_t>(frame.size());
    sf_count_t done = sf_writef_short(impl_->file, frame.data(), want);
    if (done > 0)
        impl_->written += done;
    if (done != want) {
        detail::media_logger().warn("media.wav_write_failed path={} sndfile=\"{}\"", impl_->path,
                                    sf_strerror(impl_->file));
        return audio_errc::write_failed;
    }
    return {};
}

boost::system::error_code WavFileSink::close() {
    if (impl_->file == nullptr)
        return audio_errc::closed;
    // sf_close rewrites the RIFF and data chunk sizes, which stay provisional until then.
    int status = sf_close(impl_->file);
    impl_->file = nullptr;
    if (status != 0) {
        detail::media_logger().warn("media.wav_close_failed path={}", impl_->path);
        return audio_errc::write_failed;
    }
    return {};
}

}  // namespace sessioncore::media
