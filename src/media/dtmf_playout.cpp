// RFC 4733 digits on the audio's timestamp line; the sequencing is in dtmf_playout.hpp.
#include <sessioncore/base/assert.hpp>
#include <sessioncore/media/dtmf_playout.hpp>
#include <sessioncore/rtp/telephone_event.hpp>

namespace sessioncore::media {

DtmfPlayout::DtmfPlayout(std::uint32_t frame_rtp_units)
    : frame_(frame_rtp_units), sender_(rtp::DtmfSenderOptions{.packet_interval = frame_rtp_units}) {
    SC_ASSERT(frame_rtp_units > 0 && frame_rtp_units < rtp::max_event_duration,
              "a frame is shorter than an event segment");
}

Result<void> DtmfPlayout::enqueue(std::string_view digits, const DtmfToneSpec& spec) {
    if (digits.empty())
        return errc::bad_dtmf_digit;
    if (spec.duration == 0 || spec.duration > 0x7FFFFFFFu || spec.volume > rtp::max_event_volume)
        return errc::bad_option;
    for (char key : digits) {
        if (!rtp::dtmf_event_for(key))
            return errc::bad_dtmf_digit;
    }
    if (digits.size() > max_queued - count_)
        return errc::buffer_too_small;
    for (char key : digits) {
        queue_[(head_ + count_) % max_queued] = Queued{*rtp::dtmf_event_for(key), spec};
        ++count_;
    }
    return {};
}

void DtmfPlayout::clear() noexcept {
    count_ = 0;
    if (playing_)
        after_event_ = true;
    playing_ = false;
    pending_.reset();
}

void DtmfPlayout::start(std::uint32_t timestamp) noexcept {
    const Queued next = queue_[head_];
    head_ = (head_ + 1) % max_queued;
    --count_;
    sender_ = rtp::DtmfSender(
        rtp::DtmfSenderOptions{.packet_interval = frame_, .volume = next.spec.volume});
    sender_.start(next.event, timestamp, next.spec.duration);
    pending_ = sender_.next();
    playing_ = true;
    elapsed_ = 0;
    next_start_ = std::uint64_t{next.spec.duration} + next.spec.gap;
}

// The reports due within this tick's frame: those stating up to its end.
void DtmfPlayout::collect(DtmfTick& out) noexcept {
    const std::uint64_t frame_end = elapsed_ + frame_;
    while (pending_ && pending_->send_offset <= frame_end && out.count < DtmfTick::max_packets) {
        out.packets[out.count++] = *pending_;
        pending_ = sender_.next();
    }
    if (!pending_) {
        playing_ = false;
        after_event_ = true;
    }
}

DtmfTick DtmfPlayout::tick(std::uint32_t next_timestamp) noexcept {
    DtmfTick out;
    if (!playing_ && count_ > 0 && elapsed_ >= next_start_) {
        start(next_timestamp);
        out.digit_started = true;
    }
    if (playing_) {
        out.audio = false;
        collect(out);
    } else {
        out.marker = after_event_;
        after_event_ = false;
    }
    if (elapsed_ < next_start_ || playing_)
        elapsed_ += frame_;  // saturates once the next digit may start: no overflow when idle
    return out;
}

}  // namespace sessioncore::media
