#include <random>

#include <boost/asio/error.hpp>

#include <sessioncore/media/rtp_io_error.hpp>
#include <sessioncore/media/rtp_stream.hpp>
#include <sessioncore/rtp/packet.hpp>

#include "rtp_stream_impl.hpp"

namespace sessioncore::media {

namespace asio = boost::asio;
using udp = asio::ip::udp;

namespace {

// §5.1 and §8: the SSRC and the initial sequence number and timestamp are random, so that
// known-plaintext attacks and SSRC collisions are unlikely. Per stream, not per packet.
std::uint32_t random_word() {
    static thread_local std::mt19937 engine{std::random_device{}()};
    return static_cast<std::uint32_t>(engine());
}

std::optional<udp::endpoint> default_rtcp_remote(const RtpStreamConfig& config, bool muxed) {
    if (config.remote_rtcp)
        return config.remote_rtcp;
    if (!config.remote_rtp)
        return std::nullopt;
    auto rtcp = *config.remote_rtp;
    if (!muxed)
        rtcp.port(static_cast<std::uint16_t>(rtcp.port() + 1));  // RFC 3550 §11
    return rtcp;
}

}  // namespace

RtpStream::Impl::Impl(asio::any_io_executor executor, RtpPortLease lease, RtpStreamConfig config)
    : executor_(std::move(executor)),
      lease_(std::move(lease)),
      config_(std::move(config)),
      rtcp_timer_(executor_),
      random_(rtp::default_unit_random()) {
    rtp_port_ = lease_->rtp_port();
    rtcp_port_ = lease_->rtcp_port();
    ssrc_ = config_.ssrc.value_or(rtp::Ssrc{random_word()});
    sequence_ = static_cast<std::uint16_t>(random_word());
    timestamp_ = random_word();
    rtp_latch_.remote = config_.remote_rtp;
    rtcp_latch_.remote = default_rtcp_remote(config_, muxed());
    rtp_receiver_.socket = &lease_->rtp_socket();
    rtcp_receiver_.socket = &lease_->rtcp_socket();
    // A first guess at the compound size (§6.3.2 uses the size of the first packet we would
    // send): SR, one block and a short CNAME, with IP and UDP headers.
    avg_rtcp_size_ = 100;
}

void RtpStream::Impl::start() {
    if (running_ || stopped_)
        return;
    running_ = true;
    detail::receive_next(shared_from_this(), rtp_receiver_);
    if (!muxed())
        detail::receive_next(shared_from_this(), rtcp_receiver_);
    last_rtcp_ = std::chrono::steady_clock::now();  // tp = the start (§6.3.2)
    schedule_rtcp(rtp::next_rtcp_time(last_rtcp_, interval_params(), random_));
}

void RtpStream::Impl::stop() {
    if (stopped_)
        return;
    stopped_ = true;
    if (running_)
        send_rtcp(true);  // §6.3.7: tell the peer at once; this is a two-party session
    running_ = false;
    rtcp_timer_.cancel();
    lease_.reset();  // closes the sockets (their handlers see operation_aborted), frees ports
}

void RtpStream::Impl::on_datagram(Receiver& receiver, std::size_t size) {
    if (Receiver::truncated(size)) {
        ++stats_.drops.truncated;
        return;
    }
    const std::span<const std::byte> bytes{receiver.buffer.data(), size};
    const bool rtcp_socket = &receiver == &rtcp_receiver_ && !muxed();
    if (rtcp_socket || (muxed() && rtp::is_muxed_rtcp(bytes)))
        on_rtcp_datagram(bytes, receiver.from);
    else
        on_rtp_datagram(bytes, receiver.from);
}

bool RtpStream::Impl::accept_source(Latch& latch, const udp::endpoint& from) {
    if (!config_.symmetric)
        return true;
    if (!latch.latched) {
        latch.remote = from;
        latch.latched = true;
        return true;
    }
    if (latch.remote == from)
        return true;
    if (!config_.allow_relatch) {
        ++stats_.drops.strict_source;  // RTP bleed: a stale or foreign sender
        return false;
    }
    latch.remote = from;
    ++stats_.relatches;
    return true;
}

void RtpStream::Impl::on_rtp_datagram(std::span<const std::byte> bytes, const udp::endpoint& from) {
    const auto packet = rtp::parse_rtp(bytes);
    if (!packet) {
        ++stats_.drops.malformed_rtp;
        return;
    }
    const bool was_latched = rtp_latch_.latched;
    if (!accept_source(rtp_latch_, from))
        return;
    if (!was_latched && rtp_latch_.latched && !muxed() && !rtcp_latch_.latched) {
        // Until the peer's RTCP arrives, expect it next to where its RTP comes from.
        rtcp_latch_.remote =
            udp::endpoint{from.address(), static_cast<std::uint16_t>(from.port() + 1)};
    }
    track_source(*packet);
    ++stats_.packets_received;
    stats_.bytes_received += packet->payload.size();
    if (handler_)
        handler_(*packet);
}

void RtpStream::Impl::track_source(const rtp::RtpPacket& packet) {
    if (!source_ || source_->source() != packet.ssrc) {
        if (source_)
            ++stats_.ssrc_changes;  // a new source: its statistics start from nothing (§8.2)
        source_.emplace(packet.ssrc, config_.clock_rate);
    }
    source_->on_rtp(packet.sequence_number, packet.timestamp, std::chrono::steady_clock::now());
}

boost::system::error_code RtpStream::Impl::send(std::span<const std::byte> payload,
                                                rtp::PayloadType type, std::uint32_t timestamp_step,
                                                bool marker) {
    if (!running_)
        return make_error_code(rtp_io_errc::not_running);
    if (!rtp_latch_.remote)
        return make_error_code(rtp_io_errc::no_remote);
    const std::uint32_t timestamp = next_timestamp(timestamp_step);  // wraps modulo 2^32 (§5.1)
    if (auto ec = transmit(payload, type, timestamp, marker))
        return ec;  // nothing went out: the clock did not move for the peer
    timestamp_ = timestamp;
    sent_any_ = true;
    last_send_ = std::chrono::steady_clock::now();
    return {};
}

boost::system::error_code RtpStream::Impl::send_with_timestamp(std::span<const std::byte> payload,
                                                               rtp::PayloadType type,
                                                               std::uint32_t timestamp,
                                                               bool marker) {
    if (!running_)
        return make_error_code(rtp_io_errc::not_running);
    if (!rtp_latch_.remote)
        return make_error_code(rtp_io_errc::no_remote);
    return transmit(payload, type, timestamp, marker);
}

void RtpStream::Impl::skip_timestamp(std::uint32_t timestamp_step) noexcept {
    timestamp_ = next_timestamp(timestamp_step);
    sent_any_ = true;
    // The line's (timestamp, instant) pair is what an SR extrapolates from (§6.4.1).
    last_send_ = std::chrono::steady_clock::now();
}

void RtpStream::Impl::set_remote(std::optional<udp::endpoint> rtp,
                                 std::optional<udp::endpoint> rtcp) noexcept {
    config_.remote_rtp = rtp;
    config_.remote_rtcp = rtcp;
    rtp_latch_ = Latch{.remote = rtp, .latched = false};
    rtcp_latch_ = Latch{.remote = default_rtcp_remote(config_, muxed()), .latched = false};
}

// Writes and sends one packet; counts it. An error only when nothing could be built.
boost::system::error_code RtpStream::Impl::transmit(std::span<const std::byte> payload,
                                                    rtp::PayloadType type, std::uint32_t timestamp,
                                                    bool marker) {
    rtp::RtpPacketSpec spec;
    spec.marker = marker;
    spec.payload_type = type;
    spec.sequence_number = sequence_;
    spec.timestamp = timestamp;
    spec.ssrc = ssrc_;
    spec.payload = payload;
    const auto size = rtp::encode_to(spec, send_buffer_);
    if (!size)
        return make_error_code(rtp_io_errc::payload_too_large);
    ++sequence_;
    sent_since_report_ = true;
    boost::system::error_code ec;
    rtp_receiver_.socket->send_to(asio::buffer(send_buffer_.data(), *size), *rtp_latch_.remote, 0,
                                  ec);
    if (ec) {
        ++stats_.drops.send_failed;
        return {};
    }
    ++stats_.packets_sent;
    stats_.bytes_sent += payload.size();
    return {};
}

RtpStreamStats RtpStream::Impl::stats() const noexcept {
    RtpStreamStats out = stats_;
    out.latched = rtp_latch_.latched;
    if (source_) {
        out.cumulative_lost = source_->sequence().cumulative_lost();
        out.interval_fraction_lost = source_->last_interval().fraction_lost;
        out.jitter = source_->jitter();
    }
    return out;
}

// The facade.

RtpStream::RtpStream(asio::any_io_executor executor, RtpPortLease lease, RtpStreamConfig config)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(lease), std::move(config))) {}

RtpStream::~RtpStream() {
    impl_->stop();
}

void RtpStream::on_rtp(RtpHandler handler) {
    impl_->set_handler(std::move(handler));
}
void RtpStream::start() {
    impl_->start();
}
void RtpStream::stop() {
    impl_->stop();
}

boost::system::error_code RtpStream::send(std::span<const std::byte> payload, rtp::PayloadType type,
                                          std::uint32_t timestamp_step, bool marker) {
    return impl_->send(payload, type, timestamp_step, marker);
}

boost::system::error_code RtpStream::send_with_timestamp(std::span<const std::byte> payload,
                                                         rtp::PayloadType type,
                                                         std::uint32_t timestamp, bool marker) {
    return impl_->send_with_timestamp(payload, type, timestamp, marker);
}
std::uint32_t RtpStream::next_timestamp(std::uint32_t timestamp_step) const noexcept {
    return impl_->next_timestamp(timestamp_step);
}
void RtpStream::skip_timestamp(std::uint32_t timestamp_step) noexcept {
    impl_->skip_timestamp(timestamp_step);
}
void RtpStream::set_remote(std::optional<udp::endpoint> rtp,
                           std::optional<udp::endpoint> rtcp) noexcept {
    impl_->set_remote(rtp, rtcp);
}
void RtpStream::set_clock_rate(std::uint32_t clock_rate) noexcept {
    impl_->set_clock_rate(clock_rate);
}

rtp::Ssrc RtpStream::ssrc() const noexcept {
    return impl_->ssrc();
}
std::uint16_t RtpStream::local_rtp_port() const noexcept {
    return impl_->rtp_port();
}
std::uint16_t RtpStream::local_rtcp_port() const noexcept {
    return impl_->rtcp_port();
}
std::optional<udp::endpoint> RtpStream::remote_rtp() const noexcept {
    return impl_->remote_rtp();
}
RtpStreamStats RtpStream::stats() const noexcept {
    return impl_->stats();
}

}  // namespace sessioncore::media
