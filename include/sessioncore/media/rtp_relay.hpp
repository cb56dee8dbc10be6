#pragma once
// RTP and RTCP forwarded between two legs without decoding: the call server's media anchoring.
// Each leg is an RtpPortLease (RTP and RTCP sockets, or one with rtcp-mux); what arrives on
// leg A goes out of leg B's sockets to B's peer and the other way round. Both legs run on one
// executor (the call's shard), so nothing locks.
//
// Symmetric RTP per leg, as in RtpStream: before the peer's first packet a leg sends to its
// SDP address (if given); then it latches to the packets' source, and other sources are
// dropped and counted (strict source). RTCP latches separately on its own socket.
//
// One outgoing line per direction: the far end sees a single SSRC whose sequence numbers and
// timestamps never jump, even when the source behind the relay changes SSRC (a re-INVITE to
// another media server). RelayLine below does that mapping; it is public so that it can be
// tested without sockets. RTCP, full compounds and RFC 5506 reduced-size ones, is forwarded
// with the same mapping applied to reports and feedback (see relay_rewrite_rtcp()).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include <sessioncore/media/rtp_port_allocator.hpp>
#include <sessioncore/rtp/error.hpp>
#include <sessioncore/rtp/ids.hpp>

namespace sessioncore::media {

/// The rewriting of one direction. The first source's SSRC, sequence numbers and timestamps
/// pass unchanged (so a relay with one source per side is transparent, duplicates included).
/// When a packet with another SSRC arrives, the outgoing line continues: the new source's
/// packet gets the first SSRC, sequence number last + 1 and timestamp last + `switch_step`,
/// and later packets of that source keep the same offsets (so its own gaps and reordering
/// still show). "Last" is the newest packet sent (modular comparison, RFC 3550 §A.1), so a
/// late or duplicate packet neither moves the line back nor is renumbered differently. All
/// arithmetic wraps modulo 2^16 and 2^32.
///
/// Why a fixed step: the relay does not decode and cannot know the new source's frame length
/// before its second packet; one 20 ms frame at 8 kHz (160) is right for G.711/G.722 and
/// costs at most one frame of drift otherwise. A late packet of a previous source after a
/// switch is taken as another switch (the line stays continuous either way).
class RelayLine {
public:
    struct Mapping {
        rtp::Ssrc ssrc{};
        std::uint16_t sequence_number = 0;
        std::uint32_t timestamp = 0;
    };

    explicit RelayLine(std::uint32_t switch_step = 160) noexcept : switch_step_(switch_step) {}

    /// The outgoing SSRC, sequence number and timestamp for one source packet.
    Mapping map(rtp::Ssrc ssrc, std::uint16_t sequence_number, std::uint32_t timestamp) noexcept;
    /// A timestamp of the current source (an SR's) on the outgoing line.
    [[nodiscard]] std::uint32_t map_timestamp(std::uint32_t timestamp) const noexcept {
        return timestamp + timestamp_offset_;
    }

    /// The inverse of map() for the current source's sequence numbers: an extended highest
    /// sequence number that the far end reports (RFC 3550 §6.4.1: cycles << 16 | sequence,
    /// counted on the outgoing line) in the source's own numbering. Modulo 2^32, so it is
    /// exact both ways: a source sequence that wrapped where the outgoing one did not (or the
    /// other way round) moves the cycle count by one, as the 32-bit sum of map() did.
    /// Identity until the first switch.
    [[nodiscard]] std::uint32_t source_extended_sequence(std::uint32_t outgoing) const noexcept {
        return outgoing - sequence_offset_;
    }
    /// The same for one 16-bit sequence number (a NACK's packet ID, RFC 4585 §6.2.1).
    [[nodiscard]] std::uint16_t source_sequence(std::uint16_t outgoing) const noexcept {
        return static_cast<std::uint16_t>(outgoing - sequence_offset_);
    }

    /// The SSRC of the current source; unset before the first packet.
    [[nodiscard]] std::optional<rtp::Ssrc> source() const noexcept { return source_; }
    /// The SSRC the far end sees; unset before the first packet.
    [[nodiscard]] std::optional<rtp::Ssrc> outgoing() const noexcept { return outgoing_; }
    /// How often the source changed SSRC.
    [[nodiscard]] std::uint32_t switches() const noexcept { return switches_; }

private:
    void switch_to(rtp::Ssrc ssrc, std::uint16_t sequence_number, std::uint32_t timestamp) noexcept;

    std::uint32_t switch_step_;
    std::optional<rtp::Ssrc> source_{};
    std::optional<rtp::Ssrc> outgoing_{};
    std::uint16_t sequence_offset_ = 0;
    std::uint32_t timestamp_offset_ = 0;
    std::uint16_t last_sequence_ = 0;  // newest outgoing packet
    std::uint32_t last_timestamp_ = 0;
    std::uint32_t switches_ = 0;
};

/// Maps the RTP packet at the start of `datagram` (which parse_rtp() accepted) through `line`
/// and writes the outgoing SSRC, sequence number and timestamp into it. Nothing else changes.
void relay_rewrite_rtp(std::span<std::byte> datagram, RelayLine& line) noexcept;

/// Rewrites an RTCP compound (which check_relayed_rtcp() accepted) travelling in the
/// direction of `forward`, so that each end sees only the SSRCs and numbering of the line it
/// receives:
/// - SR and RR: a sender SSRC equal to forward's source becomes its outgoing SSRC, and that
///   SR's RTP timestamp is mapped as the RTP packets are. A report block about `backward`'s
///   outgoing SSRC (what the reporter received from us) is addressed to backward's source,
///   and its extended highest sequence number is turned back into the source's numbering
///   (RelayLine::source_extended_sequence()). Loss counts, jitter, LSR and DLSR are left as
///   measured: they do not depend on the numbering.
/// - RTPFB and PSFB feedback (RFC 4585 §6.1): the packet sender's SSRC as an SR's, the media
///   source's SSRC as a report block's; a generic NACK's packet IDs (§6.2.1) are turned back
///   into the source's numbering (the bitmask is relative and stays).
/// - SDES, BYE, APP and anything else pass unchanged.
void relay_rewrite_rtcp(std::span<std::byte> compound, const RelayLine& forward,
                        const RelayLine& backward) noexcept;

/// Whether the relay forwards `datagram` as RTCP: a compound that parse_rtcp() accepts, or a
/// reduced-size one (RFC 5506 §3.4: it need not start with an SR or RR, e.g. a lone NACK or
/// PLI) whose packets pass the structural checks of RFC 3550 §A.2 (version 2 each, lengths
/// adding up to the datagram, padding only on the last packet and consistent). Errors are
/// parse_rtcp()'s, e.g. rtcp_bad_version, rtcp_length_mismatch, rtcp_padding_not_last.
[[nodiscard]] rtp::Result<void> check_relayed_rtcp(std::span<const std::byte> datagram) noexcept;

/// One leg's peer address before latching (from its SDP).
struct RtpRelayLegConfig {
    std::optional<boost::asio::ip::udp::endpoint> remote_rtp{};
    /// Unset: remote_rtp's port + 1 (or remote_rtp itself with rtcp-mux).
    std::optional<boost::asio::ip::udp::endpoint> remote_rtcp{};
};

struct RtpRelayConfig {
    RtpRelayLegConfig a{};
    RtpRelayLegConfig b{};
    std::uint32_t switch_timestamp_step = 160;  ///< RelayLine's step at an SSRC switch
};

/// What one direction did; "from A" counts packets received on leg A and sent out of leg B.
struct RtpRelayDirectionStats {
    std::uint64_t rtp_forwarded = 0;
    std::uint64_t rtp_bytes_forwarded = 0;  ///< whole datagrams
    std::uint64_t rtcp_forwarded = 0;
    std::uint64_t rtcp_bytes_forwarded = 0;
    std::uint64_t dropped_strict_source = 0;  ///< from other than the latched address
    std::uint64_t dropped_malformed = 0;  ///< parse_rtp()/check_relayed_rtcp() refused, truncated
    std::uint64_t dropped_no_destination = 0;  ///< the other leg has no peer address yet
    std::uint64_t dropped_send_failed = 0;     ///< the kernel refused the send
    std::uint32_t ssrc_switches = 0;
};

struct RtpRelayStats {
    RtpRelayDirectionStats from_a{};
    RtpRelayDirectionStats from_b{};
    bool a_latched = false;  ///< leg A's RTP peer was learnt
    bool b_latched = false;
};

class RtpRelay {
public:
    /// Takes both leases (their sockets must be on `executor`). Does not read until start().
    RtpRelay(boost::asio::any_io_executor executor, RtpPortLease a, RtpPortLease b,
             RtpRelayConfig config = {});
    /// stop()s; handlers still queued are safe to run afterwards.
    ~RtpRelay();
    RtpRelay(const RtpRelay&) = delete;
    RtpRelay& operator=(const RtpRelay&) = delete;

    void start();
    /// Closes the sockets and gives both port pairs back. Idempotent.
    void stop();

    [[nodiscard]] std::uint16_t a_rtp_port() const noexcept;
    [[nodiscard]] std::uint16_t b_rtp_port() const noexcept;
    [[nodiscard]] std::uint16_t a_rtcp_port() const noexcept;
    [[nodiscard]] std::uint16_t b_rtcp_port() const noexcept;
    [[nodiscard]] RtpRelayStats stats() const noexcept;

    class Impl;

private:
    std::shared_ptr<Impl> impl_;  // shared with the pending socket handlers
};

}  // namespace sessioncore::media
