#pragma once
// What an RtpStream counts (RFC 3550 §6.4 for loss and jitter; §6.4.1 for the round trip).

#include <cstdint>
#include <optional>

#include <sessioncore/base/time.hpp>

namespace sessioncore::media {

/// Packets a stream dropped, by reason.
struct RtpDrops {
    std::uint64_t strict_source = 0;   ///< from an address other than the latched one (bleed)
    std::uint64_t malformed_rtp = 0;   ///< parse_rtp() refused it
    std::uint64_t malformed_rtcp = 0;  ///< parse_rtcp() refused it
    std::uint64_t truncated = 0;       ///< larger than the receive buffer
    std::uint64_t send_failed = 0;     ///< the kernel refused a send (full buffer, no route)
};

struct RtpStreamStats {
    std::uint64_t packets_sent = 0;
    std::uint64_t bytes_sent = 0;  ///< payload octets (the SR octet count)
    std::uint64_t packets_received = 0;
    std::uint64_t bytes_received = 0;  ///< payload octets
    std::uint64_t rtcp_sent = 0;
    std::uint64_t rtcp_received = 0;
    std::int64_t cumulative_lost = 0;         ///< of the current remote source (§A.3)
    std::uint8_t interval_fraction_lost = 0;  ///< of the last report interval, in 1/256
    std::uint32_t jitter = 0;                 ///< of the current remote source, timestamp units
    std::optional<Duration> rtt{};            ///< from the peer's last report block about us
    std::uint32_t ssrc_changes = 0;           ///< the remote source changed SSRC
    std::uint32_t relatches = 0;              ///< the remote address moved (allow_relatch)
    bool latched = false;                     ///< the remote RTP address was learnt
    bool bye_received = false;
    RtpDrops drops{};
};

}  // namespace sessioncore::media
