#include <ostream>
#include <string>

#include <sessioncore/media/audio_error.hpp>

namespace sessioncore::media {

std::string_view to_string(audio_errc e) noexcept {
    switch (e) {
        case audio_errc::file_not_found:
            return "audio file not found";
        case audio_errc::cannot_open:
            return "audio file cannot be opened";
        case audio_errc::not_audio:
            return "not an audio file";
        case audio_errc::unsupported_channels:
            return "audio file is neither mono nor stereo";
        case audio_errc::unsupported_sample_rate:
            return "sample rate outside 1000-384000 Hz";
        case audio_errc::cannot_create:
            return "audio file cannot be created";
        case audio_errc::write_failed:
            return "writing audio samples failed";
        case audio_errc::read_failed:
            return "reading audio samples failed";
        case audio_errc::closed:
            return "audio sink already closed";
        case audio_errc::bad_frequency:
            return "tone frequency not between 0 and half the sample rate";
        case audio_errc::bad_level:
            return "tone level above 0 dBFS or not a number";
        case audio_errc::bad_cadence:
            return "tone cadence with a negative time or an off time but no on time";
        case audio_errc::no_frequencies:
            return "tone detector without frequencies";
    }
    return "unknown audio error";
}

std::ostream& operator<<(std::ostream& os, audio_errc e) {
    return os << to_string(e);
}

namespace {

class AudioCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.media.audio"; }
    std::string message(int value) const override {
        return std::string(to_string(static_cast<audio_errc>(value)));
    }
};

}  // namespace

const boost::system::error_category& audio_category() noexcept {
    static const AudioCategory category;
    return category;
}

}  // namespace sessioncore::media
