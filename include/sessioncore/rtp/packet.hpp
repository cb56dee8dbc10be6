#pragma once
// RTP data packets (RFC 3550 §5.1, §5.3.1): `parse_rtp()` gives a view whose spans alias the
// received bytes; `encode_to()` writes a packet into the caller's buffer. Neither allocates.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers             |
// |                             ....                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      defined by profile       |           length              |  if X (§5.3.1)
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        header extension                       |
// |                             ....                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                payload ...    | padding ...   | count (if P)  |

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include <sessioncore/rtp/error.hpp>
#include <sessioncore/rtp/ids.hpp>
#include <sessioncore/rtp/ssrc_list.hpp>

namespace sessioncore::rtp {

inline constexpr std::size_t rtp_fixed_header_size = 12;
inline constexpr std::size_t max_csrcs = 15;

/// An RTP header extension (§5.3.1): the profile-defined 16 bits and the data that follows the
/// length word (length × 4 octets). RFC 8285 elements are read with ExtensionElements.
struct HeaderExtension {
    std::uint16_t profile = 0;
    std::span<const std::byte> data{};
};

/// A parsed RTP packet. Every span aliases the parsed bytes: the view must not outlive them.
struct RtpPacket {
    bool marker = false;
    PayloadType payload_type{};
    std::uint16_t sequence_number = 0;
    std::uint32_t timestamp = 0;
    Ssrc ssrc{};
    SsrcList csrcs{};  ///< CC identifiers
    std::optional<HeaderExtension> extension{};
    std::span<const std::byte> payload{};  ///< without the padding
    std::uint8_t padding_size = 0;         ///< padding octets, count octet included; 0 if P is 0
};

/// Parses one RTP packet. Checks what RFC 3550 §A.1 asks of every packet: version 2, a CSRC
/// list and extension inside the packet, and, when P is set, a last octet that counts at
/// least itself and no more than the octets after the header (a padding-only packet, with an
/// empty payload, is valid: RFC 3550 §5.1 lets padding fill a whole packet). Errors:
/// too_short, bad_version, csrc_truncated, extension_truncated, padding_count_zero,
/// padding_too_long. The payload type is not checked against RTCP's (see is_muxed_rtcp()).
[[nodiscard]] Result<RtpPacket> parse_rtp(std::span<const std::byte> bytes) noexcept;

/// What to write with encode_to(). Spans are read during the call only.
struct RtpPacketSpec {
    bool marker = false;
    PayloadType payload_type{};  ///< 0-127
    std::uint16_t sequence_number = 0;
    std::uint32_t timestamp = 0;
    Ssrc ssrc{};
    std::span<const Ssrc> csrcs{};               ///< at most 15
    std::optional<HeaderExtension> extension{};  ///< data a whole number of words (ExtensionWriter)
    std::span<const std::byte> payload{};
    std::uint8_t padding_size = 0;  ///< total padding octets incl. the count octet; 0 for none
};

/// The octets encode_to() writes for `spec`, or why it cannot be written: too_many_csrcs,
/// extension_not_aligned, extension_too_long. (A padding_size of 1 to 255 is always valid.)
[[nodiscard]] Result<std::size_t> encoded_size(const RtpPacketSpec& spec) noexcept;

/// Writes `spec` at the start of `out` and returns the octets written; padding octets are zero
/// but for the count. Errors: those of encoded_size(), buffer_too_small (nothing written).
/// Precondition (SC_ASSERT): payload_type < 128.
[[nodiscard]] Result<std::size_t> encode_to(const RtpPacketSpec& spec, std::span<std::byte> out);

}  // namespace sessioncore::rtp
