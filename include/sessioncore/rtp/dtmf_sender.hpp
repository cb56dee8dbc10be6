#pragma once
// The packets of one RFC 4733 event as a sender emits them (§2.5.1), sans-IO: the caller
// numbers them with the audio stream's sequence numbers (one per packet, repeats included)
// and sends each at its offset after the event began.
//
// Every report of an event carries the event's start as its RTP timestamp and the time since
// then as its duration, one report per packet interval, the first with the marker bit
// (§2.5.1.2). The last report has E set and goes out three times with the same duration
// (§2.5.1.4). An event longer than 0xFFFF timestamp units goes on in segments (§2.5.1.3): the
// segment's last report says 0xFFFF, and the next segment's reports carry the timestamp
// start + 0xFFFF (then + 2 × 0xFFFF, ...) and the duration since that; only the event's very
// first report has the marker.
//
// Each report is due when the duration it states has elapsed: a 100 ms digit with 20 ms
// packets at 8 kHz gives durations 160, 320, 480, 640 at offsets 160-640, then 800 with E at
// offsets 800, 960 and 1120.

#include <cstdint>
#include <optional>

#include <sessioncore/rtp/telephone_event.hpp>

namespace sessioncore::rtp {

struct DtmfSenderOptions {
    std::uint32_t packet_interval = 160;  ///< timestamp units between reports (20 ms at 8 kHz)
    std::uint8_t volume = 10;             ///< -dBm0, 0-63
    std::uint8_t end_repeats = 3;         ///< how many times the final report goes out
};

/// One packet to send.
struct DtmfPacket {
    bool marker = false;
    std::uint32_t timestamp = 0;    ///< RTP timestamp: the start of the event (or segment)
    TelephoneEvent event{};         ///< the payload
    std::uint32_t send_offset = 0;  ///< when to send it: timestamp units after the start
    friend bool operator==(const DtmfPacket&, const DtmfPacket&) = default;
};

class DtmfSender {
public:
    /// Precondition (SC_ASSERT): packet_interval > 0, volume <= 63, end_repeats >= 1.
    explicit DtmfSender(DtmfSenderOptions options = {});

    /// Begins an event (a DTMF code from dtmf_event_for(), or any RFC 4733 event) that started
    /// at RTP time `start_timestamp` and lasts `duration` timestamp units. Replaces an event in
    /// progress. Precondition (SC_ASSERT): duration > 0.
    void start(std::uint8_t event, std::uint32_t start_timestamp, std::uint32_t duration);

    /// The next packet of the event, or nullopt once the last end report went out.
    [[nodiscard]] std::optional<DtmfPacket> next() noexcept;

    /// An event has packets left.
    [[nodiscard]] bool active() const noexcept { return active_; }

private:
    DtmfPacket report(std::uint32_t segment, std::uint32_t duration, bool end,
                      std::uint32_t offset) noexcept;

    DtmfSenderOptions options_{};
    bool active_ = false;
    std::uint8_t event_ = 0;
    std::uint32_t start_ = 0;
    std::uint32_t duration_ = 0;
    std::uint32_t next_elapsed_ = 0;      // the elapsed time the next update report states
    std::uint32_t segment_ = 0;           // offset of the segment the last report belonged to
    std::uint32_t segment_reported_ = 0;  // the largest duration reported in that segment
    std::uint8_t ends_sent_ = 0;
    bool first_ = true;
};

}  // namespace sessioncore::rtp
