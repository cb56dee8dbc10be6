// The ptime clock of an AudioChannel and what each tick does: one frame out (audio, or the
// RFC 4733 reports replacing it), one frame in (jitter buffer, decoder, sink), then the
// time-driven handlers (source finished, DTMF quiet flush, RTP timeout, quality).
#include <algorithm>

#include <sessioncore/rtp/telephone_event.hpp>

#include "audio_channel_impl.hpp"
#include "audio_log.hpp"

namespace sessioncore::media {

void AudioChannel::Impl::join_clock() {
    ptime_clock_ = detail::PtimeClock::of(executor_, config_.ptime);
    ptime_clock_->join(*this);
}

void AudioChannel::Impl::leave_clock() noexcept {
    if (!ptime_clock_)
        return;
    ptime_clock_->leave(*this);
    ptime_clock_.reset();
}

void AudioChannel::Impl::on_ptime_tick(std::uint64_t skipped) {
    if (!running_)
        return;
    starved_ = skipped > 0;
    if (starved_) {
        // Starved (a stalled shard): the lost periods are skipped rather than burst out. The
        // timestamp line still moves by them, as that much time has passed for the peer.
        clock_skips_ += skipped;
        stream_.skip_timestamp(static_cast<std::uint32_t>(skipped) * frame_units());
        marker_pending_ = true;
    }
    tick(clock_.now());
}

void AudioChannel::Impl::tick(TimePoint now) {
    if (sends(config_.direction)) {
        send_frame();
    } else {
        stream_.skip_timestamp(frame_units());  // held: time goes on for the peer
        marker_pending_ = true;
    }
    if (receives(config_.direction))
        receive_frame();
    run_handlers(now);
}

// The source is read every tick, digit or not, so that it runs in time (a prompt is not
// delayed by the digits sent over it).
void AudioChannel::Impl::send_frame() {
    const auto pcm = std::span<std::int16_t>(codec_pcm_).first(encoder_->info().frame_samples());
    read_source(pcm);
    const DtmfTick t = dtmf_out_->tick(stream_.next_timestamp(frame_units()));
    if (t.digit_started)
        ++dtmf_sent_;
    if (!t.audio) {
        send_events(t);
        return;
    }
    send_audio(pcm, marker_pending_ || t.marker);
}

// The reports of the digit playing, each with the event's own timestamp, while the audio's
// line moves on one frame (RFC 4733 §2.5.1.2).
void AudioChannel::Impl::send_events(const DtmfTick& t) {
    const rtp::PayloadType type{config_.telephone_event_payload_type.value_or(0)};
    for (const auto& packet : t.events()) {
        const auto size = rtp::encode_to(packet.event, event_payload_);
        if (!size)
            continue;  // volume checked when queued: cannot happen
        (void)stream_.send_with_timestamp(std::span<const std::byte>(event_payload_).first(*size),
                                          type, packet.timestamp, packet.marker);
    }
    stream_.skip_timestamp(frame_units());
    marker_pending_ = true;  // the audio after the event starts a talk spurt
}

void AudioChannel::Impl::send_audio(std::span<const std::int16_t> pcm, bool marker) {
    const auto size = encoder_->encode(pcm, payload_);
    if (!size) {
        if (encode_errors_++ == 0)
            detail::media_logger().warn("media.channel_encode_failed codec={} error=\"{}\"",
                                        encoder_->info().name, to_string(size.error()));
        stream_.skip_timestamp(frame_units());
        return;
    }
    const rtp::PayloadType type{config_.payload_type};
    if (stream_.send(std::span<const std::byte>(payload_).first(*size), type, frame_units(),
                     marker)) {
        stream_.skip_timestamp(frame_units());  // no remote yet: the frame's time passes anyway
        return;
    }
    marker_pending_ = false;
}

// The source's next frame at the codec's rate, or silence (no source, muted, a rate we
// cannot convert). A muted source is still read: it runs in time, like a live microphone.
void AudioChannel::Impl::read_source(std::span<std::int16_t> codec_frame) {
    std::fill(codec_frame.begin(), codec_frame.end(), std::int16_t{0});
    if (!source_)
        return;
    const std::size_t samples = source_resampler_
                                    ? source_resampler_->input_frame_samples()
                                    : frame_samples(source_->sample_rate(), config_.ptime);
    const auto in =
        std::span<std::int16_t>(source_pcm_).first(std::min(samples, max_frame_samples));
    source_->read(in);
    if (!source_finished_ && source_->finished()) {
        source_finished_ = true;
        source_finished_pending_ = true;  // reported after the tick's work
    }
    if (muted_ || !source_resampler_)
        return;
    if (!source_resampler_->process(in, codec_frame))
        std::fill(codec_frame.begin(), codec_frame.end(), std::int16_t{0});
}

// One frame out of the jitter buffer, every tick even with no sink, so its counters and delay
// are those of a real listener.
void AudioChannel::Impl::receive_frame() {
    const auto pcm = std::span<std::int16_t>(decoded_pcm_).first(decoder_->info().frame_samples());
    if (!jitter_->get(*decoder_, pcm))
        std::fill(pcm.begin(), pcm.end(), std::int16_t{0});
    if (!sink_ || !sink_resampler_)
        return;
    const auto out = std::span<std::int16_t>(sink_pcm_).first(
        std::min(sink_resampler_->output_frame_samples(), max_frame_samples));
    if (!sink_resampler_->process(pcm, out))
        return;
    (void)sink_->write(out);  // a sink reports its own failures (e.g. a WAV file's log line)
}

// Each handler may stop the channel; nothing runs after that.
void AudioChannel::Impl::run_handlers(TimePoint now) {
    if (source_finished_pending_) {
        source_finished_pending_ = false;
        if (handlers_.on_source_finished)
            handlers_.on_source_finished();
        if (!running_)
            return;
    }
    if (dtmf_open_ && now - last_dtmf_ >= dtmf_quiet) {
        dtmf_open_ = false;
        dtmf_in_.flush();  // the end reports were lost (§2.5.2.1)
        report_digits();
        if (!running_)
            return;
    }
    // Not on a tick that woke late: the socket may hold packets not yet read, and a stalled
    // shard is no sign of a silent peer.
    if (!starved_ && receives(config_.direction) && config_.rtp_timeout > Duration::zero() &&
        !timeout_reported_ && now - last_rtp_ >= config_.rtp_timeout) {
        timeout_reported_ = true;
        if (handlers_.on_rtp_timeout)
            handlers_.on_rtp_timeout();
        if (!running_)
            return;
    }
    if (config_.quality_interval > Duration::zero() && now >= next_quality_) {
        next_quality_ = std::max(next_quality_ + config_.quality_interval, now);
        if (handlers_.on_quality)
            handlers_.on_quality(stats());
    }
}

}  // namespace sessioncore::media
