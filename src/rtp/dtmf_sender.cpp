// The packets of one RFC 4733 event (§2.5.1); the sequence is described in dtmf_sender.hpp.
#include <algorithm>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/rtp/dtmf_sender.hpp>

namespace sessioncore::rtp {
namespace {

// The offset of the segment that a report stating `elapsed` (>= 1) time belongs to: segments
// hold durations 1 to 0xFFFF, so elapsed 0xFFFF is still in the first one.
std::uint32_t segment_of(std::uint32_t elapsed) noexcept {
    return (elapsed - 1) / max_event_duration * max_event_duration;
}

}  // namespace

DtmfSender::DtmfSender(DtmfSenderOptions options) : options_(options) {
    SC_ASSERT(options.packet_interval > 0 && options.packet_interval < max_event_duration,
              "a packet interval is shorter than a segment");
    SC_ASSERT(options.volume <= max_event_volume, "RFC 4733 volume is 0-63");
    SC_ASSERT(options.end_repeats >= 1, "the end report is sent at least once");
}

void DtmfSender::start(std::uint8_t event, std::uint32_t start_timestamp, std::uint32_t duration) {
    SC_ASSERT(duration > 0, "an event lasts");
    SC_ASSERT(duration <= 0x7FFFFFFF, "an event lasts less than 2^31 timestamp units");
    *this = DtmfSender{options_};
    active_ = true;
    event_ = event;
    start_ = start_timestamp;
    duration_ = duration;
    next_elapsed_ = options_.packet_interval;
}

DtmfPacket DtmfSender::report(std::uint32_t segment, std::uint32_t duration, bool end,
                              std::uint32_t offset) noexcept {
    DtmfPacket p;
    p.marker = first_;
    first_ = false;
    p.timestamp = start_ + segment;
    p.event = TelephoneEvent{event_, end, options_.volume, static_cast<std::uint16_t>(duration)};
    p.send_offset = offset;
    if (segment != segment_)
        segment_reported_ = 0;
    segment_ = segment;
    segment_reported_ = std::max(segment_reported_, duration);
    return p;
}

std::optional<DtmfPacket> DtmfSender::next() noexcept {
    if (!active_)
        return std::nullopt;
    bool final_phase = ends_sent_ > 0 || next_elapsed_ >= duration_;
    std::uint32_t elapsed = final_phase ? duration_ : next_elapsed_;
    std::uint32_t segment = segment_of(elapsed);
    // Crossing into a new segment: the old one first reports its full 0xFFFF (§2.5.1.3).
    if (segment != segment_ && segment_reported_ < max_event_duration)
        return report(segment_, max_event_duration, false, segment_ + max_event_duration);
    if (!final_phase) {
        next_elapsed_ += options_.packet_interval;
        return report(segment, elapsed - segment, false, elapsed);
    }
    std::uint32_t offset = duration_ + ends_sent_ * options_.packet_interval;
    if (++ends_sent_ == options_.end_repeats)
        active_ = false;
    return report(segment, elapsed - segment, true, offset);
}

}  // namespace sessioncore::rtp
