#pragma once
// A received RTCP compound packet (RFC 3550 §6.1), parsed into a fixed-capacity array of
// packet views: no allocation, the views alias the datagram.

#include <array>
#include <cstddef>
#include <span>

#include <sessioncore/rtp/error.hpp>
#include <sessioncore/rtp/rtcp_packets.hpp>

namespace sessioncore::rtp {

class RtcpCompound {
public:
    /// Packets per compound: an SR or RR, a few more RRs, SDES, BYE and some feedback fit.
    static constexpr std::size_t capacity = 16;

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// Precondition: i < size().
    [[nodiscard]] const RtcpPacket& operator[](std::size_t i) const noexcept { return packets_[i]; }
    [[nodiscard]] const RtcpPacket* begin() const noexcept { return packets_.data(); }
    [[nodiscard]] const RtcpPacket* end() const noexcept { return packets_.data() + size_; }

private:
    friend Result<RtcpCompound> parse_rtcp(std::span<const std::byte> bytes) noexcept;
    std::array<RtcpPacket, capacity> packets_{};
    std::size_t size_ = 0;
};

/// Parses a compound RTCP packet and every SR, RR, SDES, BYE and APP in it. The checks of
/// §A.2: every packet has version 2; the first is an SR or RR; only the last may be padded
/// (§6.4.1), with a count that is a non-zero multiple of 4 inside that packet; the length
/// fields add up to the datagram. Then each known packet's own structure. Errors:
/// rtcp_too_short, rtcp_bad_version, rtcp_first_not_report, rtcp_length_mismatch,
/// rtcp_padding_not_last, rtcp_bad_padding, rtcp_too_many_packets, rtcp_report_truncated,
/// rtcp_sdes_truncated, rtcp_bye_truncated, rtcp_app_truncated.
///
/// A single padded packet (an RR padded for encryption) is accepted: it is also the last.
/// Octets after the last chunk of an SDES, or after a BYE's reason, are ignored.
[[nodiscard]] Result<RtcpCompound> parse_rtcp(std::span<const std::byte> bytes) noexcept;

/// RFC 5761 §4: on a port that RTP and RTCP share, a version-2 datagram whose second octet is
/// 192-223 is RTCP (RTCP packet types 192-223 sit where RTP payload types 64-95 with the
/// marker bit would, and those payload types are not used when multiplexing). Anything
/// shorter than 2 octets is not RTCP.
[[nodiscard]] bool is_muxed_rtcp(std::span<const std::byte> bytes) noexcept;

}  // namespace sessioncore::rtp
