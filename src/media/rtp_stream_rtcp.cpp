// The RTCP half of an RtpStream: the §6.3 schedule, the compound reports we send and what we
// take from the peer's (its SR for our LSR/DLSR, its report blocks for the round trip).

#include <variant>

#include <boost/asio/error.hpp>

#include <sessioncore/rtp/ntp.hpp>
#include <sessioncore/rtp/rtcp_builder.hpp>

#include "rtp_stream_impl.hpp"

namespace sessioncore::media {

namespace asio = boost::asio;
using udp = asio::ip::udp;

namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::size_t udp_overhead(const udp::endpoint& to) {
    return to.address().is_v6() ? rtp::ipv6_udp_overhead : rtp::ipv4_udp_overhead;
}

}  // namespace

rtp::RtcpIntervalParams RtpStream::Impl::interval_params() const noexcept {
    rtp::RtcpIntervalParams p;
    // Two parties at most: us, and the peer once it was heard (§6.3.3).
    p.members = source_ ? 2 : 1;
    p.senders = (sent_since_report_ ? 1u : 0u) + (source_ ? 1u : 0u);
    p.avg_rtcp_size = avg_rtcp_size_;
    p.rtcp_bandwidth = rtp::rtcp_bandwidth(config_.session_bandwidth_bps);
    p.role = sent_since_report_ ? rtp::ReportRole::Sender : rtp::ReportRole::Receiver;
    p.phase = phase_;
    p.minimum = std::chrono::duration_cast<rtp::Seconds>(config_.rtcp_min_interval);
    return p;
}

void RtpStream::Impl::schedule_rtcp(TimePoint at) {
    rtcp_timer_.expires_at(at);
    rtcp_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec && self->running_)
            self->on_rtcp_timer();
    });
}

void RtpStream::Impl::on_rtcp_timer() {
    const TimePoint now = std::chrono::steady_clock::now();
    // §6.3.6: the interval is recomputed with what we know now; a grown group waits longer.
    const auto decision = rtp::reconsider_rtcp_timer(last_rtcp_, now, interval_params(), random_);
    if (decision.action == rtp::RtcpTimerDecision::Action::Wait) {
        schedule_rtcp(decision.wake);
        return;
    }
    send_rtcp(false);
    last_rtcp_ = now;
    phase_ = rtp::ReportPhase::Regular;
    schedule_rtcp(rtp::next_rtcp_time(now, interval_params(), random_));
}

std::uint32_t RtpStream::Impl::rtp_timestamp_now(TimePoint now) const noexcept {
    // §6.4.1: the SR's RTP timestamp is the SR's instant on the media clock, extrapolated
    // from the last packet sent.
    const auto elapsed = std::chrono::duration<double>(now - last_send_).count();
    return timestamp_ + static_cast<std::uint32_t>(elapsed * config_.clock_rate);
}

void RtpStream::Impl::send_rtcp(bool bye) {
    const auto& to = rtcp_latch().remote;
    if (!to || !lease_)
        return;
    const TimePoint now = std::chrono::steady_clock::now();
    rtp::RtcpReportSpec spec;
    spec.ssrc = ssrc_;
    if (sent_since_report_) {
        rtp::SenderInfo info;
        info.ntp = rtp::to_ntp(std::chrono::system_clock::now());
        info.rtp_timestamp = rtp_timestamp_now(now);
        info.packet_count = static_cast<std::uint32_t>(stats_.packets_sent);
        info.octet_count = static_cast<std::uint32_t>(stats_.bytes_sent);
        spec.sender_info = info;
    }
    std::array<rtp::ReportBlock, 1> block{};
    if (source_ && source_->sequence().valid()) {
        block[0] = source_->make_report_block(now);
        spec.report_blocks = block;
    }
    spec.cname = config_.cname;
    if (bye)
        spec.bye = rtp::ByeSpec{};
    const auto size = rtp::encode_to(spec, rtcp_buffer_);
    if (!size) {
        ++stats_.drops.send_failed;  // only a CNAME over 255 octets gets here
        return;
    }
    sent_since_report_ = false;
    avg_rtcp_size_ = rtp::update_avg_rtcp_size(avg_rtcp_size_, *size + udp_overhead(*to));
    boost::system::error_code ec;
    rtcp_receiver_.socket->send_to(asio::buffer(rtcp_buffer_.data(), *size), *to, 0, ec);
    if (ec)
        ++stats_.drops.send_failed;
    else
        ++stats_.rtcp_sent;
}

void RtpStream::Impl::on_rtcp_datagram(std::span<const std::byte> bytes,
                                       const udp::endpoint& from) {
    const auto compound = rtp::parse_rtcp(bytes);
    if (!compound) {
        ++stats_.drops.malformed_rtcp;
        return;
    }
    if (!accept_source(rtcp_latch(), from))
        return;
    ++stats_.rtcp_received;
    avg_rtcp_size_ = rtp::update_avg_rtcp_size(avg_rtcp_size_, bytes.size() + udp_overhead(from));
    const TimePoint now = std::chrono::steady_clock::now();
    for (const auto& packet : *compound) {
        std::visit(Overloaded{
                       [&](const rtp::SenderReport& sr) {
                           if (source_ && source_->source() == sr.ssrc)
                               source_->on_sender_report(sr.info.ntp, now);
                           on_report_blocks(sr.blocks);
                       },
                       [&](const rtp::ReceiverReport& rr) { on_report_blocks(rr.blocks); },
                       [&](const rtp::Goodbye&) { stats_.bye_received = true; },
                       [](const auto&) {},
                   },
                   packet);
    }
}

void RtpStream::Impl::on_report_blocks(const rtp::ReportBlocks& blocks) {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto block = blocks[i];
        if (block.source != ssrc_)
            continue;
        // §6.4.1: A - LSR - DLSR, A on the clock our SRs carry.
        const auto arrival = rtp::to_ntp(std::chrono::system_clock::now()).compact();
        if (auto rtt = rtp::round_trip_time(arrival, block.last_sr, block.delay_since_last_sr))
            stats_.rtt = *rtt;
    }
}

}  // namespace sessioncore::media
