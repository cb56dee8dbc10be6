#pragma once
// The sending side of RFC 4733 digits on an audio stream's timestamp line, sans-IO: digits are
// queued, and each frame period (tick) says whether audio goes out or which telephone-event
// packets replace it.
//
// A digit starts on a tick with the timestamp the audio frame of that tick would have had
// (§2.5.1.2: the event's timestamp is its start on the media clock). While it plays, audio
// pauses and the tick's reports go out: every report whose send offset falls within the
// frame (so the first one, stating one packet interval, goes at once), the three end reports
// included. Audio resumes on the tick after the last end report, with the marker bit (a new
// talk spurt, RFC 3551 §4.1), and the caller's timestamp line has moved on one frame per tick,
// so the peer sees time continue. The next digit starts no earlier than `gap` after the
// previous one ended, and never before the previous one's last packet. No allocation: the
// queue is a fixed ring.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <sessioncore/media/error.hpp>
#include <sessioncore/rtp/dtmf_sender.hpp>

namespace sessioncore::media {

/// What one tick sends.
struct DtmfTick {
    static constexpr std::size_t max_packets = 4;

    bool audio = true;           ///< send the audio frame (else the line skips this frame)
    bool marker = false;         ///< the audio frame starts a talk spurt (first after an event)
    bool digit_started = false;  ///< a digit began on this tick
    std::size_t count = 0;
    std::array<rtp::DtmfPacket, max_packets> packets{};

    [[nodiscard]] std::span<const rtp::DtmfPacket> events() const noexcept {
        return std::span<const rtp::DtmfPacket>(packets).first(count);
    }
};

/// One queued digit, in timestamp units.
struct DtmfToneSpec {
    std::uint32_t duration = 800;  ///< the tone (100 ms at 8 kHz)
    std::uint32_t gap = 480;       ///< quiet after it before the next digit (60 ms at 8 kHz)
    std::uint8_t volume = 10;      ///< -dBm0, 0-63
};

class DtmfPlayout {
public:
    static constexpr std::size_t max_queued = 64;

    /// `frame_rtp_units`: the audio frame (one tick) in timestamp units, also the interval
    /// between reports. Precondition (SC_ASSERT): not 0 and below 0xFFFF.
    explicit DtmfPlayout(std::uint32_t frame_rtp_units);

    /// Queues `digits` ("0-9*#A-D", case-insensitive). Errors, with nothing queued:
    /// bad_dtmf_digit (a key outside that set, or no digits), bad_option (duration 0 or over
    /// 2^31 units, volume over 63), buffer_too_small (more than max_queued would be waiting).
    Result<void> enqueue(std::string_view digits, const DtmfToneSpec& spec);

    /// One frame period; `next_timestamp` is the timestamp this tick's audio frame would carry.
    [[nodiscard]] DtmfTick tick(std::uint32_t next_timestamp) noexcept;

    /// Drops the queue and ends a digit at once (the direction stopped sending, a codec change).
    void clear() noexcept;

    /// A digit is playing (audio pauses).
    [[nodiscard]] bool playing() const noexcept { return playing_; }
    /// Digits waiting, the one playing excluded.
    [[nodiscard]] std::size_t queued() const noexcept { return count_; }

private:
    struct Queued {
        std::uint8_t event = 0;
        DtmfToneSpec spec{};
    };

    void start(std::uint32_t timestamp) noexcept;
    void collect(DtmfTick& out) noexcept;

    std::uint32_t frame_;
    std::array<Queued, max_queued> queue_{};
    std::size_t head_ = 0;
    std::size_t count_ = 0;
    rtp::DtmfSender sender_;
    std::optional<rtp::DtmfPacket> pending_{};  // the sender's next packet, not yet due
    bool playing_ = false;
    bool after_event_ = false;      // the next audio frame gets the marker
    std::uint64_t elapsed_ = 0;     // units from the last digit's start to this tick's frame
    std::uint64_t next_start_ = 0;  // elapsed_ at which the next digit may start
};

}  // namespace sessioncore::media
