#pragma once
// The state behind an RtpStream. Shared with the socket and timer handlers it queues, so a
// handler that runs after stop() or after the RtpStream is gone still finds its buffers.

#include <array>
#include <memory>
#include <optional>

#include <boost/asio/steady_timer.hpp>

#include <sessioncore/media/rtp_stream.hpp>
#include <sessioncore/rtp/random.hpp>
#include <sessioncore/rtp/reception_statistics.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>
#include <sessioncore/rtp/rtcp_interval.hpp>

#include "socket_receiver.hpp"

namespace sessioncore::media {

class RtpStream::Impl : public std::enable_shared_from_this<RtpStream::Impl> {
public:
    // One Ethernet MTU: larger RTP would be fragmented.
    static constexpr std::size_t send_buffer_size = 1500;

    Impl(boost::asio::any_io_executor executor, RtpPortLease lease, RtpStreamConfig config);

    void set_handler(RtpHandler handler) { handler_ = std::move(handler); }
    void start();
    void stop();
    boost::system::error_code send(std::span<const std::byte> payload, rtp::PayloadType type,
                                   std::uint32_t timestamp_step, bool marker);
    boost::system::error_code send_with_timestamp(std::span<const std::byte> payload,
                                                  rtp::PayloadType type, std::uint32_t timestamp,
                                                  bool marker);
    [[nodiscard]] std::uint32_t next_timestamp(std::uint32_t timestamp_step) const noexcept {
        return sent_any_ ? timestamp_ + timestamp_step : timestamp_;
    }
    void skip_timestamp(std::uint32_t timestamp_step) noexcept;
    void set_remote(std::optional<boost::asio::ip::udp::endpoint> rtp,
                    std::optional<boost::asio::ip::udp::endpoint> rtcp) noexcept;
    void set_clock_rate(std::uint32_t clock_rate) noexcept { config_.clock_rate = clock_rate; }

    [[nodiscard]] rtp::Ssrc ssrc() const noexcept { return ssrc_; }
    [[nodiscard]] std::uint16_t rtp_port() const noexcept { return rtp_port_; }
    [[nodiscard]] std::uint16_t rtcp_port() const noexcept { return rtcp_port_; }
    [[nodiscard]] std::optional<boost::asio::ip::udp::endpoint> remote_rtp() const noexcept {
        return rtp_latch_.remote;
    }
    [[nodiscard]] RtpStreamStats stats() const noexcept;

    // The receive loop's side (socket_receiver.hpp): one socket's buffer and sender address,
    // alive as long as the Impl.
    using Receiver = detail::SocketReceiver;
    [[nodiscard]] bool receiving() const noexcept { return running_; }
    void on_datagram(Receiver& receiver, std::size_t size);

private:
    // Where one kind of packet goes and whether that was learnt from the peer.
    struct Latch {
        std::optional<boost::asio::ip::udp::endpoint> remote{};
        bool latched = false;
    };
    [[nodiscard]] bool muxed() const noexcept { return rtp_port_ == rtcp_port_; }
    void on_rtp_datagram(std::span<const std::byte> bytes,
                         const boost::asio::ip::udp::endpoint& from);
    bool accept_source(Latch& latch, const boost::asio::ip::udp::endpoint& from);
    boost::system::error_code transmit(std::span<const std::byte> payload, rtp::PayloadType type,
                                       std::uint32_t timestamp, bool marker);
    void track_source(const rtp::RtpPacket& packet);

    // RTCP (rtp_stream_rtcp.cpp).
    [[nodiscard]] rtp::RtcpIntervalParams interval_params() const noexcept;
    void schedule_rtcp(TimePoint at);
    void on_rtcp_timer();
    void send_rtcp(bool bye);
    void on_rtcp_datagram(std::span<const std::byte> bytes,
                          const boost::asio::ip::udp::endpoint& from);
    void on_report_blocks(const rtp::ReportBlocks& blocks);
    [[nodiscard]] std::uint32_t rtp_timestamp_now(TimePoint now) const noexcept;
    [[nodiscard]] Latch& rtcp_latch() noexcept { return muxed() ? rtp_latch_ : rtcp_latch_; }

    boost::asio::any_io_executor executor_;
    std::optional<RtpPortLease> lease_;
    RtpStreamConfig config_;
    RtpHandler handler_;
    std::uint16_t rtp_port_ = 0;
    std::uint16_t rtcp_port_ = 0;
    bool running_ = false;
    bool stopped_ = false;

    // Sending.
    rtp::Ssrc ssrc_{};
    std::uint16_t sequence_ = 0;
    std::uint32_t timestamp_ = 0;
    bool sent_any_ = false;
    bool sent_since_report_ = false;
    TimePoint last_send_{};
    std::array<std::byte, send_buffer_size> send_buffer_{};

    // Receiving.
    Latch rtp_latch_{};
    Latch rtcp_latch_{};
    Receiver rtp_receiver_{};
    Receiver rtcp_receiver_{};
    std::optional<rtp::ReceptionStatistics> source_{};

    // RTCP schedule (§6.3): tp, the average compound size, the phase.
    boost::asio::steady_timer rtcp_timer_;
    rtp::UnitRandom random_;
    TimePoint last_rtcp_{};
    double avg_rtcp_size_ = 0;
    rtp::ReportPhase phase_ = rtp::ReportPhase::Initial;
    std::array<std::byte, send_buffer_size> rtcp_buffer_{};

    RtpStreamStats stats_{};
};

}  // namespace sessioncore::media
