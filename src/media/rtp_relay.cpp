
#include <sessioncore/media/rtp_relay.hpp>
#include <sessioncore/rtp/packet.hpp>
#include <sessioncore/rtp/rtcp_compound.hpp>

#include "rtp_relay_wire.hpp"
#include "socket_receiver.hpp"

namespace sessioncore::media {

namespace asio = boost::asio;
using udp = asio::ip::udp;

using namespace relay_wire;

// RelayLine.

RelayLine::Mapping RelayLine::map(rtp::Ssrc ssrc, std::uint16_t sequence_number,
                                  std::uint32_t timestamp) noexcept {
    if (!source_) {
        source_ = ssrc;
        outgoing_ = ssrc;  // identity until the first switch
        last_sequence_ = sequence_number;
        last_timestamp_ = timestamp;
    } else if (*source_ != ssrc) {
        switch_to(ssrc, sequence_number, timestamp);
    }
    const auto out_sequence = static_cast<std::uint16_t>(sequence_number + sequence_offset_);
    const std::uint32_t out_timestamp = timestamp + timestamp_offset_;
    // §A.1's modular order: a packet ahead of the newest moves the line on; a late one or a
    // duplicate keeps its (already mapped) number and leaves the line where it is.
    if (static_cast<std::int16_t>(static_cast<std::uint16_t>(out_sequence - last_sequence_)) > 0) {
        last_sequence_ = out_sequence;
        last_timestamp_ = out_timestamp;
    }
    return {*outgoing_, out_sequence, out_timestamp};
}

void RelayLine::switch_to(rtp::Ssrc ssrc, std::uint16_t sequence_number,
                          std::uint32_t timestamp) noexcept {
    source_ = ssrc;
    ++switches_;
    sequence_offset_ = static_cast<std::uint16_t>(last_sequence_ + 1u - sequence_number);
    timestamp_offset_ = last_timestamp_ + switch_step_ - timestamp;
}

void relay_rewrite_rtp(std::span<std::byte> datagram, RelayLine& line) noexcept {
    if (datagram.size() < rtp::rtp_fixed_header_size)
        return;
    const auto mapped =
        line.map(rtp::Ssrc{load_be32(datagram, 8)}, load_be16(datagram, 2), load_be32(datagram, 4));
    store_be16(datagram, 2, mapped.sequence_number);
    store_be32(datagram, 4, mapped.timestamp);
    store_be32(datagram, 8, mapped.ssrc.value);
}

// The relay.

class RtpRelay::Impl : public std::enable_shared_from_this<RtpRelay::Impl> {
public:
    Impl(asio::any_io_executor executor, RtpPortLease a, RtpPortLease b, RtpRelayConfig config);

    void start();
    void stop();
    [[nodiscard]] std::uint16_t rtp_port(bool b) const noexcept { return leg(b).rtp_port; }
    [[nodiscard]] std::uint16_t rtcp_port(bool b) const noexcept { return leg(b).rtcp_port; }
    [[nodiscard]] RtpRelayStats stats() const noexcept;

    struct Latch {
        std::optional<udp::endpoint> remote{};
        bool latched = false;
    };
    struct Leg;
    // One socket's receive state (socket_receiver.hpp), alive as long as the Impl, and which
    // leg and socket kind it serves.
    struct Receiver : detail::SocketReceiver {
        Leg* leg = nullptr;
        bool rtcp_only = false;  // the separate RTCP socket
    };
    struct Leg {
        std::optional<RtpPortLease> lease{};
        std::uint16_t rtp_port = 0;
        std::uint16_t rtcp_port = 0;
        bool muxed = false;
        Latch rtp{};
        Latch rtcp{};
        Receiver rtp_receiver{};
        Receiver rtcp_receiver{};
        RelayLine line;  // packets received on this leg, on their way out of the other
        RtpRelayDirectionStats stats{};
        Leg* other = nullptr;
    };

    [[nodiscard]] bool receiving() const noexcept { return running_; }
    void on_datagram(Receiver& receiver, std::size_t size);

private:
    [[nodiscard]] const Leg& leg(bool b) const noexcept { return b ? b_ : a_; }
    void init_leg(Leg& leg, RtpPortLease lease, const RtpRelayLegConfig& config, Leg& other);
    void on_rtp(Leg& from, std::span<std::byte> bytes, const udp::endpoint& source);
    void on_rtcp(Leg& from, std::span<std::byte> bytes, const udp::endpoint& source);
    bool accept_source(Leg& leg, Latch& latch, const udp::endpoint& source);
    void forward(Leg& from, std::span<const std::byte> bytes, udp::socket& socket,
                 const std::optional<udp::endpoint>& to, bool rtcp);

    asio::any_io_executor executor_;
    Leg a_;
    Leg b_;
    bool running_ = false;
    bool stopped_ = false;
};

RtpRelay::Impl::Impl(asio::any_io_executor executor, RtpPortLease a, RtpPortLease b,
                     RtpRelayConfig config)
    : executor_(std::move(executor)),
      a_{.line = RelayLine{config.switch_timestamp_step}},
      b_{.line = RelayLine{config.switch_timestamp_step}} {
    init_leg(a_, std::move(a), config.a, b_);
    init_leg(b_, std::move(b), config.b, a_);
}

void RtpRelay::Impl::init_leg(Leg& leg, RtpPortLease lease, const RtpRelayLegConfig& config,
                              Leg& other) {
    leg.lease.emplace(std::move(lease));
    leg.rtp_port = leg.lease->rtp_port();
    leg.rtcp_port = leg.lease->rtcp_port();
    leg.muxed = leg.lease->rtcp_mux();
    leg.other = &other;
    leg.rtp.remote = config.remote_rtp;
    leg.rtcp.remote = config.remote_rtcp;
    if (!leg.rtcp.remote && config.remote_rtp) {
        auto rtcp = *config.remote_rtp;
        if (!leg.muxed)
            rtcp.port(static_cast<std::uint16_t>(rtcp.port() + 1));  // RFC 3550 §11
        leg.rtcp.remote = rtcp;
    }
    leg.rtp_receiver.leg = &leg;
    leg.rtp_receiver.socket = &leg.lease->rtp_socket();
    leg.rtcp_receiver.leg = &leg;
    leg.rtcp_receiver.socket = &leg.lease->rtcp_socket();
    leg.rtcp_receiver.rtcp_only = true;
}

void RtpRelay::Impl::start() {
    if (running_ || stopped_)
        return;
    running_ = true;
    for (Leg* leg : {&a_, &b_}) {
        detail::receive_next(shared_from_this(), leg->rtp_receiver);
        if (!leg->muxed)
            detail::receive_next(shared_from_this(), leg->rtcp_receiver);
    }
}

void RtpRelay::Impl::stop() {
    if (stopped_)
        return;
    stopped_ = true;
    running_ = false;
    // Closing cancels the pending receives (operation_aborted); the ports go back now.
    a_.lease.reset();
    b_.lease.reset();
}

void RtpRelay::Impl::on_datagram(Receiver& receiver, std::size_t size) {
    Leg& leg = *receiver.leg;
    if (Receiver::truncated(size)) {
        ++leg.stats.dropped_malformed;
        return;
    }
    const std::span<std::byte> bytes = receiver.bytes(size);
    if (receiver.rtcp_only || (leg.muxed && rtp::is_muxed_rtcp(bytes)))
        on_rtcp(leg, bytes, receiver.from);
    else
        on_rtp(leg, bytes, receiver.from);
}

bool RtpRelay::Impl::accept_source(Leg& leg, Latch& latch, const udp::endpoint& source) {
    if (!latch.latched) {
        latch.remote = source;
        latch.latched = true;
        return true;
    }
    if (latch.remote == source)
        return true;
    ++leg.stats.dropped_strict_source;  // RTP bleed: a stale or foreign sender
    return false;
}

void RtpRelay::Impl::on_rtp(Leg& from, std::span<std::byte> bytes, const udp::endpoint& source) {
    if (!rtp::parse_rtp(bytes)) {
        ++from.stats.dropped_malformed;
        return;
    }
    const bool was_latched = from.rtp.latched;
    if (!accept_source(from, from.rtp, source))
        return;
    if (!was_latched && !from.muxed && !from.rtcp.latched)  // expect RTCP next to RTP (§11)
        from.rtcp.remote =
            udp::endpoint{source.address(), static_cast<std::uint16_t>(source.port() + 1)};
    relay_rewrite_rtp(bytes, from.line);
    from.stats.ssrc_switches = from.line.switches();
    Leg& to = *from.other;
    forward(from, bytes, to.lease->rtp_socket(), to.rtp.remote, false);
}

void RtpRelay::Impl::on_rtcp(Leg& from, std::span<std::byte> bytes, const udp::endpoint& source) {
    if (!check_relayed_rtcp(bytes)) {
        ++from.stats.dropped_malformed;
        return;
    }
    Latch& latch = from.muxed ? from.rtp : from.rtcp;
    if (!accept_source(from, latch, source))
        return;
    Leg& to = *from.other;
    relay_rewrite_rtcp(bytes, from.line, to.line);
    forward(from, bytes, to.lease->rtcp_socket(), to.muxed ? to.rtp.remote : to.rtcp.remote, true);
}

void RtpRelay::Impl::forward(Leg& from, std::span<const std::byte> bytes, udp::socket& socket,
                             const std::optional<udp::endpoint>& to, bool rtcp) {
    if (!to) {
        ++from.stats.dropped_no_destination;
        return;
    }
    boost::system::error_code ec;
    socket.send_to(asio::buffer(bytes.data(), bytes.size()), *to, 0, ec);
    if (ec) {
        ++from.stats.dropped_send_failed;
        return;
    }
    auto& packets = rtcp ? from.stats.rtcp_forwarded : from.stats.rtp_forwarded;
    auto& octets = rtcp ? from.stats.rtcp_bytes_forwarded : from.stats.rtp_bytes_forwarded;
    ++packets;
    octets += bytes.size();
}

RtpRelayStats RtpRelay::Impl::stats() const noexcept {
    return {.from_a = a_.stats,
            .from_b = b_.stats,
            .a_latched = a_.rtp.latched,
            .b_latched = b_.rtp.latched};
}

// The facade.

RtpRelay::RtpRelay(asio::any_io_executor executor, RtpPortLease a, RtpPortLease b,
                   RtpRelayConfig config)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(a), std::move(b), config)) {}

RtpRelay::~RtpRelay() {
    impl_->stop();
}

void RtpRelay::start() {
    impl_->start();
}
void RtpRelay::stop() {
    impl_->stop();
}

std::uint16_t RtpRelay::a_rtp_port() const noexcept {
    return impl_->rtp_port(false);
}
std::uint16_t RtpRelay::b_rtp_port() const noexcept {
    return impl_->rtp_port(true);
}
std::uint16_t RtpRelay::a_rtcp_port() const noexcept {
    return impl_->rtcp_port(false);
}
std::uint16_t RtpRelay::b_rtcp_port() const noexcept {
    return impl_->rtcp_port(true);
}
RtpRelayStats RtpRelay::stats() const noexcept {
    return impl_->stats();
}

}  // namespace sessioncore::media
