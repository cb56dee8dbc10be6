#pragma once
// Errors of the rtp layer. Every parser and builder returns `rtp::Result<T>`: a value or one
// `errc` saying exactly what is wrong, one byte wide, so the per-packet path carries no
// error_code category pointer and allocates nothing. `make_error_code()` gives the
// boost::system::error_code (category "sessioncore.rtp") for logs and for callers that want one.

#include <cstdint>
#include <iosfwd>
#include <string_view>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace sessioncore::rtp {

/// What is wrong with a packet that was parsed, or with a packet that was to be built.
enum class errc : std::uint8_t {
    // RTP data packets (RFC 3550 §5.1, §5.3.1; the validity checks of §A.1).
    too_short = 1,        ///< fewer than the 12 octets of the fixed header
    bad_version,          ///< V is not 2
    csrc_truncated,       ///< CC counts more CSRCs than the packet holds
    extension_truncated,  ///< X is set but the extension header or its data runs past the end
    padding_count_zero,   ///< P is set and the last octet is 0 (the count includes itself)
    padding_too_long,     ///< P is set and the count exceeds the octets after the header
    // Header extension elements (RFC 8285).
    extension_not_rfc8285,        ///< profile neither 0xBEDE (one-byte) nor 0x100x (two-byte)
    extension_element_truncated,  ///< an element's header or data runs past the extension
    extension_bad_padding,        ///< one-byte form: ID 0 with a non-zero length (§4.2)
    // RTCP compound packets (RFC 3550 §6.4-§6.6; the validity checks of §A.2).
    rtcp_too_short,         ///< under 4 octets left for a packet header
    rtcp_bad_version,       ///< some packet's V is not 2
    rtcp_first_not_report,  ///< the first packet is neither SR nor RR (§6.1)
    rtcp_length_mismatch,   ///< a length field runs past the datagram (lengths must add up)
    rtcp_padding_not_last,  ///< P set on a packet other than the last (§6.4.1)
    rtcp_bad_padding,       ///< padding count 0, not a multiple of 4 or past the packet
    rtcp_too_many_packets,  ///< more packets than RtcpCompound::capacity
    rtcp_report_truncated,  ///< SR/RR shorter than its sender info and RC report blocks
    rtcp_sdes_truncated,    ///< an SDES chunk or item runs past the packet, or no end null
    rtcp_bye_truncated,     ///< a BYE shorter than its SC sources or its reason
    rtcp_app_truncated,     ///< an APP packet shorter than its SSRC and name
    // RFC 4733 telephone events.
    telephone_event_size,  ///< a telephone-event payload that is not one 4-octet event
    // Building.
    buffer_too_small,            ///< the caller's buffer cannot hold the packet
    too_many_csrcs,              ///< more than 15 CSRCs
    extension_not_aligned,       ///< extension data not a whole number of 32-bit words
    extension_too_long,          ///< extension data over 65535 words
    bad_extension_id,            ///< element ID outside 1-14 (one-byte) or 1-255 (two-byte)
    extension_element_too_long,  ///< element data not 1-16 octets (one-byte) or over 255
    too_many_sources,            ///< a BYE for more than 31 sources
    text_too_long,               ///< an SDES item or BYE reason over 255 octets
    missing_cname,               ///< a compound packet without SDES CNAME (§6.1)
    bad_telephone_event,         ///< volume over 63
};

/// The stable text of an errc (e.g. "RTP version is not 2").
[[nodiscard]] std::string_view to_string(errc e) noexcept;

/// Writes to_string(e) (for test output and logs).
std::ostream& operator<<(std::ostream& os, errc e);

/// The error category of the rtp layer; its name is "sessioncore.rtp".
[[nodiscard]] const boost::system::error_category& rtp_category() noexcept;

[[nodiscard]] inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), rtp_category()};
}

/// Result of every fallible rtp operation.
template <class T>
using Result = boost::system::result<T, errc>;

/// Lets `Result<T>::value()` throw (programming errors and tests only).
[[noreturn]] void throw_exception_from_error(errc e, const boost::source_location& loc);

}  // namespace sessioncore::rtp

template <>
struct boost::system::is_error_code_enum<sessioncore::rtp::errc> : std::true_type {};
