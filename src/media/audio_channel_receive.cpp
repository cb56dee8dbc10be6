// What an AudioChannel does with each RTP packet from the peer: audio into the jitter buffer,
// RFC 4733 events into the receiver, anything else counted and dropped.
#include <sessioncore/rtp/telephone_event.hpp>

#include "audio_channel_impl.hpp"

namespace sessioncore::media {

void AudioChannel::Impl::on_rtp(const rtp::RtpPacket& packet) {
    const TimePoint now = clock_.now();
    last_rtp_ = now;
    timeout_reported_ = false;  // re-armed: the peer is sending again
    const std::uint8_t type = packet.payload_type.value;
    const bool audio = type == config_.payload_type;
    const bool event = !audio && config_.telephone_event_payload_type == type;
    if (!audio && !event) {
        ++unknown_payload_;
        return;
    }
    if (!receives(config_.direction))
        return;
    if (remote_ssrc_ && *remote_ssrc_ != packet.ssrc) {
        // A new source (a restart, another fork, a transfer): its sequence and timestamp
        // bases are new (RFC 3550 §8.2), so playout and event state start again.
        jitter_->resync();
        if (dtmf_open_) {
            dtmf_open_ = false;
            dtmf_in_.flush();
            report_digits();
        }
        dtmf_in_.reset();
    }
    remote_ssrc_ = packet.ssrc;
    if (event) {
        on_telephone_event(packet, now);
        return;
    }
    (void)jitter_->put(packet.sequence_number, packet.timestamp, packet.payload);
}

void AudioChannel::Impl::on_telephone_event(const rtp::RtpPacket& packet, TimePoint now) {
    const auto report = rtp::parse_telephone_event(packet.payload);
    if (!report)
        return;  // the RtpStream counted it as received; a malformed report carries nothing
    dtmf_in_.on_packet(packet.timestamp, *report);
    dtmf_open_ = true;
    last_dtmf_ = now;
    report_digits();
}

// Each digit once, with its length in ms on the event's clock (the codec's RTP clock).
void AudioChannel::Impl::report_digits() {
    const std::uint32_t rate = decoder_->info().rtp_clock_rate;
    while (const auto digit = dtmf_in_.poll()) {
        const auto key = rtp::dtmf_key_for(digit->event);
        if (!key)
            continue;  // flash and other non-DTMF events
        ++dtmf_received_;
        if (!handlers_.on_dtmf)
            continue;
        const auto ms = std::chrono::milliseconds(std::uint64_t{digit->duration} * 1000 / rate);
        handlers_.on_dtmf(ReceivedDigit{.key = *key, .duration = ms});
    }
}

}  // namespace sessioncore::media
