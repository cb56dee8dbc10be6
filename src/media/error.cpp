#include <ostream>
#include <string>

#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <sessioncore/media/error.hpp>

namespace sessioncore::media {

std::string_view to_string(errc e) noexcept {
    switch (e) {
        case errc::unknown_codec:
            return "unknown codec encoding name";
        case errc::bad_clock_rate:
            return "RTP clock rate not the codec's";
        case errc::bad_channels:
            return "channel count not supported by the codec";
        case errc::bad_fmtp:
            return "malformed or illegal fmtp parameter";
        case errc::bad_ptime:
            return "packet time the codec cannot frame";
        case errc::bad_option:
            return "codec or resampler option out of range";
        case errc::bad_frame_size:
            return "PCM frame of the wrong size";
        case errc::buffer_too_small:
            return "output buffer too small";
        case errc::empty_payload:
            return "payload is empty";
        case errc::bad_payload:
            return "payload refused by the decoder";
        case errc::codec_failure:
            return "codec library failure";
        case errc::unsupported_sample_rate:
            return "sample rate not 8000, 16000 or 48000 Hz";
        case errc::no_telephone_event:
            return "no telephone-event payload type negotiated";
        case errc::bad_dtmf_digit:
            return "DTMF digit not one of 0-9 * # A-D";
        case errc::not_sending:
            return "the stream's direction does not send";
    }
    return "unknown media error";
}

std::ostream& operator<<(std::ostream& os, errc e) {
    return os << to_string(e);
}

namespace {

class MediaCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "sessioncore.media"; }
    std::string message(int ev) const override {
        return std::string(to_string(static_cast<errc>(ev)));
    }
};

}  // namespace

const boost::system::error_category& media_category() noexcept {
    static const MediaCategory category;
    return category;
}

void throw_exception_from_error(errc e, const boost::source_location& loc) {
    boost::throw_exception(boost::system::system_error(make_error_code(e)), loc);
}

}  // namespace sessioncore::media
