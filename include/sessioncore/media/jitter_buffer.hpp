#pragma once
// Adaptive playout buffer for one RTP stream. Packets go in as they arrive (put), one frame
// comes out per frame period (get), decoded, recovered by FEC or concealed by the decoder.
//
// Timing: each packet's transit (arrival − its timestamp as time) is measured; the smallest
// over the last `transit_window` packets is the path's base delay and a packet's excess over
// it is its jitter. The target playout delay follows the peak excess plus one frame: up at
// once when a packet comes later than any before, down by 1/128 of the difference per packet
// when they come earlier (about 2.5 s time constant at 50 packets/s), within min/max. Playout
// keeps the frame being played at target delay behind its ideal arrival: a frame is inserted
// (concealment, "stretched") when the delay falls half a frame under the target, and one is
// dropped ("skipped", at most one per 5 frames) when it is half a frame over.
//
// Memory: `capacity` slots of `max_payload` octets, allocated by the constructor; put and get
// allocate nothing. Time comes from the injected Clock (tests: ManualClock). Not thread-safe:
// one buffer per stream, on its shard. Assumes a fixed packet duration (`frame_rtp_units`).
//
// Re-synchronisation: a packet out of line with the one before it (its sequence number a
// capacity window or more away, or its timestamp off its arrival time by more than max_delay
// plus the capacity's duration) is dropped; when the next packet continues its line, the
// stream restarted there (a new timestamp base, a sender restart, an outage longer than the
// window), and the buffer starts again from that packet (resync()). The channel calls
// resync() itself for a new SSRC.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <sessioncore/base/time.hpp>
#include <sessioncore/media/audio_decoder.hpp>
#include <sessioncore/media/error.hpp>

namespace sessioncore::media {

struct JitterBufferOptions {
    std::uint32_t clock_rate = 8000;      ///< RTP timestamp units per second
    std::uint32_t frame_rtp_units = 160;  ///< timestamp units per packet (ptime)
    Duration min_delay = std::chrono::milliseconds(20);
    Duration max_delay = std::chrono::milliseconds(200);
    std::size_t capacity = 32;       ///< packets held at most (a window of sequence numbers)
    std::size_t max_payload = 1500;  ///< octets per packet at most
    /// The decoder rebuilds a lost frame from the next packet's FEC (Opus). That packet is
    /// due one frame after the lost one, so at a delay of about one frame it comes just too
    /// late. After a loss the target then keeps one more frame buffered, for as long as losses
    /// keep coming (fec_lookahead_packets after the last one): clean paths pay no latency.
    bool fec_lookahead = false;
    std::uint32_t fec_lookahead_packets = 250;  ///< 5 s of 20 ms packets
};

enum class PutOutcome : std::uint8_t {
    Accepted,
    Duplicate,  ///< the same sequence number is already held
    Late,       ///< its playout time has passed (or it was already played)
    Overflow,   ///< beyond the capacity window ahead of the playout point
    TooLarge,   ///< payload over max_payload
};

enum class PlayoutKind : std::uint8_t {
    Buffering,  ///< not started (or nothing received yet): silence
    Decoded,    ///< the frame's packet was decoded
    Fec,        ///< lost, rebuilt from the next packet's FEC
    Concealed,  ///< lost (or undecodable), concealed by the decoder
    Stretched,  ///< concealment inserted to grow the delay towards the target
};

struct JitterBufferStats {
    std::uint64_t received = 0;  ///< accepted packets
    std::uint64_t played = 0;    ///< frames decoded from their packet
    std::uint64_t late = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t overflow = 0;   ///< dropped: out of window or too large
    std::uint64_t concealed = 0;  ///< frames missing at playout (PLC or undecodable)
    std::uint64_t fec = 0;        ///< of those, recovered by FEC instead of PLC
    std::uint64_t stretched = 0;
    std::uint64_t skipped = 0;
    std::uint64_t decode_errors = 0;
    Duration current_delay{};  ///< playout delay of the last frame got (over the base delay)
    Duration target_delay{};
    std::uint64_t resyncs = 0;  ///< restarts from a new base (resync(), or a detected jump)

    [[nodiscard]] std::uint64_t discarded() const noexcept {
        return late + duplicates + overflow + skipped;
    }
};

class JitterBuffer {
public:
    /// Precondition (SC_ASSERT): clock_rate, frame_rtp_units, capacity and max_payload are
    /// not 0 and min_delay <= max_delay. `clock` must outlive the buffer.
    JitterBuffer(const JitterBufferOptions& options, const Clock& clock);

    /// Offers one arrived packet (its payload is copied).
    PutOutcome put(std::uint16_t sequence, std::uint32_t timestamp,
                   std::span<const std::byte> payload);

    /// Writes one frame (pcm.size() samples, normally decoder.info().frame_samples()) and says
    /// how it was made. Errors: bad_frame_size for an empty pcm or one the decoder cannot
    /// conceal; a payload the decoder refuses is concealed and counted, not an error.
    [[nodiscard]] Result<PlayoutKind> get(AudioDecoder& decoder, std::span<std::int16_t> pcm);

    [[nodiscard]] const JitterBufferStats& stats() const noexcept { return stats_; }

    /// Forgets the packets held and the timing learnt, so the next packet is a new first one
    /// (a new remote SSRC, or a timestamp base the old one cannot place). The counters go on;
    /// `resyncs` counts this. Allocates nothing.
    void resync() noexcept;

private:
    struct Slot {
        bool used = false;
        std::uint16_t sequence = 0;
        std::int64_t timestamp = 0;  // extended, relative to the first packet
        std::size_t size = 0;
    };
    static constexpr std::size_t transit_window = 128;
    // One transit time and the packet count it was measured at.
    struct Transit {
        std::size_t index = 0;
        Duration value{};
    };

    std::int64_t extend(std::uint32_t timestamp);
    [[nodiscard]] bool unplaceable(std::uint16_t sequence, std::uint32_t timestamp,
                                   TimePoint now) const;
    [[nodiscard]] bool follows_stray(std::uint16_t sequence, std::uint32_t timestamp) const;
    Duration time_of(std::int64_t timestamp) const;
    void measure(std::int64_t timestamp, TimePoint now);
    void note_gap(std::uint16_t sequence);
    std::span<const std::byte> payload_of(std::size_t slot) const;
    Slot* earliest();
    Result<PlayoutKind> play(AudioDecoder& decoder, std::span<std::int16_t> pcm);
    Result<PlayoutKind> conceal(AudioDecoder& decoder, std::span<std::int16_t> pcm,
                                PlayoutKind kind);
    void skip();

    JitterBufferOptions options_;
    const Clock& clock_;
    Duration frame_;
    std::vector<Slot> slots_;
    // Left uninitialised: a slot's octets are read only after put() wrote them, and zeroing
    // 48 KB per call (the default 32 x 1500) was a quarter of a call set-up's instructions.
    std::unique_ptr<std::byte[]> arena_;
    // The window's candidates for its minimum, a ring (transit_head_, transit_size_) in
    // arrival order with rising values: the minimum is the front, kept in O(1) per packet.
    std::vector<Transit> transits_;
    std::size_t transit_head_ = 0;
    std::size_t transit_size_ = 0;
    JitterBufferStats stats_;
    bool have_first_ = false;
    bool started_ = false;
    std::uint32_t last_timestamp_ = 0;
    std::int64_t last_extended_ = 0;
    std::uint16_t next_sequence_ = 0;
    std::uint16_t newest_sequence_ = 0;
    std::int64_t play_timestamp_ = 0;
    std::size_t transit_count_ = 0;
    Duration base_transit_{};
    Duration peak_excess_{};
    std::uint32_t fec_lookahead_left_ = 0;  // packets to go with the extra FEC frame
    unsigned frames_since_skip_ = 0;
    Duration jump_limit_{};
    std::uint16_t last_seen_sequence_ = 0;
    // The last packet that could not be placed, to see whether the next one follows it.
    bool have_stray_ = false;
    std::uint16_t stray_sequence_ = 0;
    std::uint32_t stray_timestamp_ = 0;
};

}  // namespace sessioncore::media
