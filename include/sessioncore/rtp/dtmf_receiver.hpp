#pragma once
// RFC 4733 events as a receiver sees them (§2.5.2), sans-IO: feed each telephone-event
// packet's RTP timestamp and payload, then poll() for the events that ended. Each event is
// reported once, with its whole duration.
//
// An event is known by its RTP timestamp (§2.5.2.1), not by the marker bit, so an event whose
// first packets were lost is still recognised. The three end reports (and late updates) of an
// event already reported are dropped. An event whose end reports were all lost is reported
// when the next event begins (DtmfEnd::Superseded) or when the driver calls flush(), e.g.
// after a quiet spell or when the stream ends. A long event's segments (§2.5.2.3: the same
// event at the previous segment's timestamp + 0xFFFF) add up to one event.
//
// Timestamps compare modulo 2^32 within a window of 0x80000 units: a report that far behind
// the newest event is taken as a new event, so a sender whose timestamps jump back is not
// ignored for ever. A new SSRC needs a new receiver (reset()).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include <sessioncore/rtp/telephone_event.hpp>

namespace sessioncore::rtp {

/// How the end of an event was known.
enum class DtmfEnd : std::uint8_t {
    EndReport,   ///< a report with the E bit
    Superseded,  ///< a newer event began before any end report arrived
    Flushed,     ///< flush() was called with the event still open
};

struct DtmfDigit {
    std::uint8_t event = 0;       ///< the code; dtmf_key_for() gives the key
    std::uint32_t timestamp = 0;  ///< RTP timestamp of the event's start (its first segment)
    std::uint32_t duration = 0;   ///< timestamp units, all segments together
    std::uint8_t volume = 0;      ///< of the last report
    DtmfEnd end = DtmfEnd::EndReport;
    friend bool operator==(const DtmfDigit&, const DtmfDigit&) = default;
};

class DtmfReceiver {
public:
    /// One received telephone-event packet. Cheap; no allocation.
    void on_packet(std::uint32_t rtp_timestamp, const TelephoneEvent& report) noexcept;

    /// Ends the event in progress, if any, as it stands (DtmfEnd::Flushed).
    void flush() noexcept;

    /// The next ended event, oldest first; drain after each call above (one packet can end two
    /// events: an open one it supersedes, and its own).
    [[nodiscard]] std::optional<DtmfDigit> poll() noexcept;

    /// Forgets everything (a new SSRC). Events not yet polled are dropped.
    void reset() noexcept { *this = DtmfReceiver{}; }

private:
    struct OpenEvent {
        std::uint8_t event;
        std::uint32_t first_timestamp;   // the event's start
        std::uint32_t segment;           // the timestamp of the segment being reported
        std::uint32_t segment_duration;  // the largest duration seen in that segment
        std::uint8_t volume;
    };

    bool is_stale(std::uint32_t rtp_timestamp) const noexcept;
    bool continues(const OpenEvent& open, std::uint32_t rtp_timestamp,
                   const TelephoneEvent& report) const noexcept;
    void finish(DtmfEnd how) noexcept;
    void push(const DtmfDigit& digit) noexcept;

    std::optional<OpenEvent> open_{};
    std::optional<std::uint32_t> last_finished_segment_{};  // to drop its repeated end reports
    std::array<DtmfDigit, 2> ready_{};
    std::size_t ready_count_ = 0;
};

}  // namespace sessioncore::rtp
