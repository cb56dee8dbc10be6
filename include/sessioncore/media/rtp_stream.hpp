#pragma once
// One RTP session (RFC 3550) over the sockets of an RtpPortLease, on one executor (one shard,
// DESIGN.md "Runtime model"): every call and every callback is on that executor's thread, so
// nothing here locks. Sending keeps the SSRC, sequence number and timestamp (all wrapping);
// receiving parses RTP and RTCP into buffers allocated once and hands RTP to a callback.
//
// Symmetric RTP: until the peer's first packet we send to the SDP address; then we latch to
// where its packets come from, and packets from elsewhere are dropped (RTP bleed) unless
// re-latching is allowed. RTCP runs on the §6.3 schedule with the rtp layer's interval and
// timer reconsideration, and a BYE goes out on stop(). With rtcp-mux (RFC 5761) both share
// the RTP port and are told apart by the second octet (§4).

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/system/error_code.hpp>

#include <sessioncore/media/rtp_port_allocator.hpp>
#include <sessioncore/media/rtp_stream_stats.hpp>
#include <sessioncore/rtp/ids.hpp>
#include <sessioncore/rtp/packet.hpp>

namespace sessioncore::media {

struct RtpStreamConfig {
    std::uint32_t clock_rate = 8000;    ///< of the payload format, for jitter and SR timestamps
    std::string cname = "sessioncore";  ///< SDES CNAME (§6.5.1); must not be empty
    /// Where to send before latching (the SDP c=/m= address). Unset: wait for the peer.
    std::optional<boost::asio::ip::udp::endpoint> remote_rtp{};
    /// The peer's RTCP address before latching; unset: remote_rtp's port + 1 (or itself, muxed).
    std::optional<boost::asio::ip::udp::endpoint> remote_rtcp{};
    bool symmetric = true;       ///< latch to the peer's source address
    bool allow_relatch = false;  ///< follow a peer that moves, instead of dropping its packets
    /// Session bandwidth for the RTCP share (§6.2: RTCP takes 5 %), in bits per second.
    double session_bandwidth_bps = 64'000;
    /// Tmin of §6.2 (5 s; tests shorten it). Halved before our first report by the rtp layer.
    Duration rtcp_min_interval = std::chrono::seconds{5};
    std::optional<rtp::Ssrc> ssrc{};  ///< unset: random (§8)
};

class RtpStream {
public:
    /// Called for every valid RTP packet from the peer; the view dies on return.
    using RtpHandler = std::function<void(const rtp::RtpPacket&)>;

    /// Takes the lease's sockets; rtcp-mux follows the lease. The sockets must be on
    /// `executor`. Does not read until start().
    RtpStream(boost::asio::any_io_executor executor, RtpPortLease lease, RtpStreamConfig config);
    /// stop()s. On the executor's thread; handlers still queued are safe to run afterwards.
    ~RtpStream();
    RtpStream(const RtpStream&) = delete;
    RtpStream& operator=(const RtpStream&) = delete;

    /// Set before start(); copied once, not per packet.
    void on_rtp(RtpHandler handler);
    /// Begins receiving and schedules the first RTCP report (§6.3.2).
    void start();
    /// Sends an RTCP BYE (§6.3.7), closes the sockets and gives the ports back. Idempotent.
    void stop();

    /// Sends one packet: the timestamp advances by `timestamp_step` after the first packet
    /// (the first uses a random start, §5.1), the sequence number by one. Errors:
    /// not_running, no_remote, payload_too_large; a refused send is counted, not an error.
    boost::system::error_code send(std::span<const std::byte> payload, rtp::PayloadType type,
                                   std::uint32_t timestamp_step, bool marker = false);

    /// Sends one packet with its own `timestamp` and leaves the timestamp line where it is:
    /// RFC 4733 §2.5.1.2 events carry their start time in every report while the audio's
    /// clock runs on (skip_timestamp() moves it). The sequence number advances by one.
    /// Errors as send().
    boost::system::error_code send_with_timestamp(std::span<const std::byte> payload,
                                                  rtp::PayloadType type, std::uint32_t timestamp,
                                                  bool marker = false);
    /// The timestamp send(..., timestamp_step) would give the next packet now.
    [[nodiscard]] std::uint32_t next_timestamp(std::uint32_t timestamp_step) const noexcept;
    /// Moves the timestamp line as a send() with `timestamp_step` would, sending nothing: the
    /// frame's time passed without audio (an event played instead, or no remote yet), so that
    /// the next audio packet's timestamp stays true to the time elapsed (RFC 3550 §5.1).
    void skip_timestamp(std::uint32_t timestamp_step) noexcept;
    /// A re-offer moved the peer: send to these addresses and learn its source afresh
    /// (symmetric RTP latches again on its next packet). Unset RTCP: next to RTP (§11).
    void set_remote(std::optional<boost::asio::ip::udp::endpoint> rtp,
                    std::optional<boost::asio::ip::udp::endpoint> rtcp) noexcept;
    /// The payload format changed its clock (a codec change): SR timestamps and the next
    /// source's jitter count in the new units.
    void set_clock_rate(std::uint32_t clock_rate) noexcept;

    [[nodiscard]] rtp::Ssrc ssrc() const noexcept;
    [[nodiscard]] std::uint16_t local_rtp_port() const noexcept;
    [[nodiscard]] std::uint16_t local_rtcp_port() const noexcept;
    /// Where RTP goes now (the SDP address or the latched one), if anywhere.
    [[nodiscard]] std::optional<boost::asio::ip::udp::endpoint> remote_rtp() const noexcept;
    [[nodiscard]] RtpStreamStats stats() const noexcept;

    class Impl;

private:
    std::shared_ptr<Impl> impl_;  // shared with the pending socket and timer handlers
};

}  // namespace sessioncore::media
