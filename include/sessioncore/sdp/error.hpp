#pragma once
// Errors of the sdp layer. Parse failures are values: `sdp::Result<T>` carries what is wrong
// (errc) and the 1-based line of the session description where it was detected.

#include <cstdint>
#include <string>
#include <system_error>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace sessioncore::sdp {

/// What went wrong while parsing a session description (RFC 8866).
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
