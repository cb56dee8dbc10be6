#pragma once
// Errors of the sdp layer. Parse and negotiation failures are values: `sdp::Result<T>` carries
// what is wrong (errc) and, for parse errors, the 1-based line where it was detected.

#include <cstdint>
#include <string>
#include <system_error>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace sessioncore::sdp {

/// What went wrong while parsing a session description (RFC 8866) or negotiating one (RFC 3264).
enum class errc : std::uint8_t {
    empty = 1,             ///< no lines at all
    bad_line,              ///< not `<type>=<value>` with one lower-case letter (RFC 8866 §5)
    unknown_type,          ///< a type letter we do not understand: rejected (RFC 8866 §5)
    out_of_order,          ///< a line out of the RFC 8866 §5 order
    duplicate_line,        ///< a line that may appear once appears again
    missing_version,       ///< first line is not v= (RFC 8866 §5.1)
    bad_version,           ///< v= other than 0
    missing_origin,        ///< no o= after v= (RFC 8866 §5.2)
    bad_origin,            ///< o= without its six fields
    missing_session_name,  ///< no s= line, or an empty one (RFC 8866 §5.3)
    missing_timing,        ///< no t= line before the media (RFC 8866 §5.9)
    bad_timing,            ///< t= not two decimal times
    missing_connection,    ///< no c= at session level nor in some m= section (RFC 8866 §5.7)
    bad_connection,        ///< c= malformed
    bad_bandwidth,         ///< b= not `<bwtype>:<bandwidth>` (RFC 8866 §5.8)
    bad_media_line,        ///< m= malformed (RFC 8866 §5.14)
    bad_attribute,         ///< a= without a name (RFC 8866 §5.13)
    bad_rtpmap,            ///< a=rtpmap malformed (RFC 8866 §6.6)
    bad_fmtp,              ///< a=fmtp malformed (RFC 8866 §6.15)
    bad_ptime,             ///< a=ptime or a=maxptime not a number of ms (RFC 8866 §6.4, §6.5)
    bad_rtcp,              ///< a=rtcp malformed (RFC 3605 §2.1)
    bad_crypto,            ///< a=crypto malformed (RFC 4568 §9.1)
    too_many_media,        ///< over Limits::max_media
    too_many_attributes,   ///< over Limits::max_attributes
    too_large,             ///< over Limits::max_size bytes
    // Offer/answer (RFC 3264).
    no_common_codec,            ///< no offered stream could be accepted: answer 488
    invalid_capabilities,       ///< MediaCapabilities unusable (no codec, address or port)
    answer_media_count,         ///< answer's m= lines differ in number from the offer's (§6)
    answer_media_mismatch,      ///< an answer m= line of another media or proto, or reviving
                                ///< a stream the offer disabled (§6)
    answer_format_not_offered,  ///< answer lists a format the offer did not (§6.1)
    answer_direction,           ///< answer direction impossible for the offered one (§6.1)
    offer_pending,              ///< an offer while one is outstanding: answer 491 (RFC 3261 §14)
    wrong_state,                ///< an offer/answer call that the current state does not allow
};

/// The error category of the sdp layer; its name is "sessioncore.sdp".
const boost::system::error_category& sdp_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), sdp_category()};
}

/// A parse failure: what, and on which line (1-based; 0 when not tied to a line).
struct Error {
    errc code = errc::bad_line;
    std::uint32_t line = 0;

    [[nodiscard]] boost::system::error_code ec() const noexcept { return make_error_code(code); }
    /// One line for logs: "malformed a=rtpmap (line 7)".
    [[nodiscard]] std::string message() const;
    /// The same text, free of CR/LF and quotes: usable as a SIP reason phrase or the text of a
    /// Warning header (RFC 3261 §20.43, code 399).
    [[nodiscard]] std::string reason() const { return message(); }
    /// The SIP status the session layer answers an offer with when this error stops it: 491 for
    /// errc::offer_pending, 500 for errc::wrong_state and errc::invalid_capabilities (our own
    /// fault), otherwise 488 Not Acceptable Here.
    [[nodiscard]] std::uint16_t status() const noexcept;

    friend bool operator==(const Error& a, const Error& b) noexcept = default;
};

/// Result of every fallible sdp operation.
template <class T>
using Result = boost::system::result<T, Error>;

/// Lets `Result<T>::value()` throw on error (programming errors and tests only).
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

}  // namespace sessioncore::sdp

template <>
struct boost::system::is_error_code_enum<sessioncore::sdp::errc> : std::true_type {};
