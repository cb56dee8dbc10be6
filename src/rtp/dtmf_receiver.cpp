// RFC 4733 events at the receiver (§2.5.2); the rules are described in dtmf_receiver.hpp.
#include <algorithm>

#include <sessioncore/rtp/dtmf_receiver.hpp>

namespace sessioncore::rtp {
namespace {

// How far behind the newest event a report may arrive and still count as a late copy of an
// old one (and be dropped): about 65 s at 8 kHz. A timestamp further behind is a new event
// (the sender's timestamps jumped back), not something to ignore for ever.
constexpr std::uint32_t late_window = 0x80000;

// Some senders start the next segment of a long event at the last duration they reported
// rather than at 0xFFFF; that is taken as a continuation only when the segment was near full.
constexpr std::uint32_t near_full_segment = 0xF000;

// `ts` is `reference` or up to late_window before it (RTP timestamps wrap: modulo 2^32).
bool at_or_just_before(std::uint32_t ts, std::uint32_t reference) noexcept {
    return reference - ts <= late_window;
}

}  // namespace

bool DtmfReceiver::is_stale(std::uint32_t rtp_timestamp) const noexcept {
    if (open_)
        return rtp_timestamp != open_->segment && at_or_just_before(rtp_timestamp, open_->segment);
    return last_finished_segment_ && at_or_just_before(rtp_timestamp, *last_finished_segment_);
}

bool DtmfReceiver::continues(const OpenEvent& open, std::uint32_t rtp_timestamp,
                             const TelephoneEvent& report) const noexcept {
    if (report.event != open.event)
        return false;
    std::uint32_t step = rtp_timestamp - open.segment;
    return step == max_event_duration ||
           (step == open.segment_duration && open.segment_duration >= near_full_segment);
}

void DtmfReceiver::on_packet(std::uint32_t rtp_timestamp, const TelephoneEvent& report) noexcept {
    if (is_stale(rtp_timestamp))
        return;  // a late update or a repeated end report of an event already handled
    if (open_ && rtp_timestamp == open_->segment) {
        if (report.event != open_->event)
            return;  // another event under the same timestamp: not a valid report (§2.5.1.2)
        open_->segment_duration = std::max<std::uint32_t>(open_->segment_duration, report.duration);
        open_->volume = report.volume;
    } else if (open_ && continues(*open_, rtp_timestamp, report)) {
        open_->segment = rtp_timestamp;
        open_->segment_duration = report.duration;
        open_->volume = report.volume;
    } else {
        if (open_)
            finish(DtmfEnd::Superseded);
        open_ =
            OpenEvent{report.event, rtp_timestamp, rtp_timestamp, report.duration, report.volume};
    }
    if (report.end)
        finish(DtmfEnd::EndReport);
}

void DtmfReceiver::flush() noexcept {
    if (open_)
        finish(DtmfEnd::Flushed);
}

void DtmfReceiver::finish(DtmfEnd how) noexcept {
    const OpenEvent& e = *open_;
    push(DtmfDigit{e.event, e.first_timestamp, e.segment - e.first_timestamp + e.segment_duration,
                   e.volume, how});
    last_finished_segment_ = e.segment;
    open_.reset();
}

void DtmfReceiver::push(const DtmfDigit& digit) noexcept {
    // At most two are ready between polls (see poll()); should a caller not drain, the oldest
    // is kept and the newest replaces the second.
    ready_[std::min<std::size_t>(ready_count_, ready_.size() - 1)] = digit;
    ready_count_ = std::min(ready_count_ + 1, ready_.size());
}

std::optional<DtmfDigit> DtmfReceiver::poll() noexcept {
    if (ready_count_ == 0)
        return std::nullopt;
    DtmfDigit first = ready_[0];
    std::copy(ready_.begin() + 1, ready_.end(), ready_.begin());
    --ready_count_;
    return first;
}

}  // namespace sessioncore::rtp
