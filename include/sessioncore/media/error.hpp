#pragma once
// Errors of the media layer. Codecs, the codec factory, the resampler and the jitter buffer
// return `media::Result<T>`: a value or one `errc` saying what is wrong, one byte wide, so the
// per-frame path carries no category pointer and allocates nothing. `make_error_code()` gives
// the boost::system::error_code (category "sessioncore.media") for logs.

#include <cstdint>
#include <iosfwd>
#include <string_view>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace sessioncore::media {

/// What went wrong with a codec, a frame or a media setting.
enum class errc : std::uint8_t {
    // Factory: the SDP facts do not describe a codec we have.
    unknown_codec = 1,  ///< encoding name not PCMU, PCMA, G722 or opus
    bad_clock_rate,     ///< RTP clock rate not the one the codec's RFC fixes
    bad_channels,       ///< channel count the codec does not support
    bad_fmtp,           ///< an fmtp parameter we read has a malformed or illegal value
    bad_ptime,          ///< packet time the codec cannot frame
    bad_option,         ///< an option out of range (complexity, loss percentage, quality)
    // Per frame.
    bad_frame_size,    ///< PCM frame not the size the codec or resampler was set up for
    buffer_too_small,  ///< the caller's output buffer cannot hold the result
    empty_payload,     ///< a payload of zero octets
    bad_payload,       ///< the decoder refused the payload (malformed packet)
    codec_failure,     ///< the codec library reported an internal error
    // Resampler.
    unsupported_sample_rate,  ///< a rate other than 8000, 16000 or 48000 Hz
    // AudioChannel (RFC 4733 digits).
    no_telephone_event,  ///< DTMF asked for but no telephone-event payload type was negotiated
    bad_dtmf_digit,      ///< a digit other than 0-9, *, #, A-D (or empty input)
    not_sending,         ///< the stream's direction does not send (recvonly or inactive)
};

/// The stable text of an errc (e.g. "payload is empty").
[[nodiscard]] std::string_view to_string(errc e) noexcept;

/// Writes to_string(e) (for test output and logs).
std::ostream& operator<<(std::ostream& os, errc e);

/// The error category of the media layer; its name is "sessioncore.media".
[[nodiscard]] const boost::system::error_category& media_category() noexcept;

[[nodiscard]] inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), media_category()};
}

/// Result of every fallible media operation.
template <class T>
using Result = boost::system::result<T, errc>;

/// Lets `Result<T>::value()` throw (programming errors and tests only).
[[noreturn]] void throw_exception_from_error(errc e, const boost::source_location& loc);

}  // namespace sessioncore::media

template <>
struct boost::system::is_error_code_enum<sessioncore::media::errc> : std::true_type {};
