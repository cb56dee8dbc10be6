#pragma once
// Sequence-number bookkeeping for one source (RFC 3550 §A.1) and the loss counts built on it
// (§A.3, §6.4.1).
//
// A new source is on probation until min_sequential packets arrived in sequence; packets
// before that are not counted. After it, a packet up to max_dropout ahead of the highest
// number so far is in order (a gap is loss), one up to max_misorder behind is a duplicate or
// reordered (counted, the highest stays), anything else is a jump: dropped, unless the very
// next number follows it, which means the sender restarted, and the statistics begin again.
// Wrapping past 65535 adds a cycle, giving the 32-bit extended sequence number.

#include <cstdint>
#include <optional>

namespace sessioncore::rtp {

struct SequenceOptions {
    std::uint16_t min_sequential = 2;  ///< MIN_SEQUENTIAL; 0 and 1 both accept the first packet
    std::uint16_t max_dropout = 3000;  ///< MAX_DROPOUT
    std::uint16_t max_misorder = 100;  ///< MAX_MISORDER
};

enum class SequenceVerdict : std::uint8_t {
    Accepted,   ///< counted: in order, after a gap, a duplicate or reordered
    Probation,  ///< the source is not valid yet: not counted
    Jump,       ///< too far from the highest number: not counted (a restart if the next follows)
    Restarted,  ///< the sender restarted its numbering: statistics begin again, this one counted
};

/// Loss in one reporting interval (§A.3), from one report to the next.
struct IntervalLoss {
    std::int64_t expected = 0;
    std::int64_t received = 0;
    std::int64_t lost = 0;           ///< expected - received; negative with duplicates
    std::uint8_t fraction_lost = 0;  ///< lost / expected in 1/256, 0 when lost <= 0
};

class SourceSequence {
public:
    explicit SourceSequence(SequenceOptions options = {}) noexcept : options_(options) {}

    /// Takes the sequence number of a received packet. Cheap; no allocation.
    SequenceVerdict update(std::uint16_t seq) noexcept;

    /// Probation is over and the counts below mean something.
    [[nodiscard]] bool valid() const noexcept { return probation_ == 0 && started_; }
    [[nodiscard]] std::uint16_t base_sequence() const noexcept { return base_seq_; }
    [[nodiscard]] std::uint16_t highest_sequence() const noexcept { return max_seq_; }
    [[nodiscard]] std::uint32_t cycles() const noexcept { return cycles_; }
    /// cycles × 65536 + highest sequence number, modulo 2^32 (the report block field).
    [[nodiscard]] std::uint32_t extended_highest() const noexcept;
    /// Packets counted since the start (or the last restart).
    [[nodiscard]] std::uint32_t received() const noexcept { return received_; }
    /// Extended highest - base + 1; 0 before the source is valid.
    [[nodiscard]] std::int64_t expected() const noexcept;
    /// expected() - received(): negative when duplicates arrived.
    [[nodiscard]] std::int64_t cumulative_lost() const noexcept;
    /// The same, clamped to the signed 24 bits of a report block.
    [[nodiscard]] std::int32_t cumulative_lost_for_report() const noexcept;

    /// Loss since the previous call (or the start), and the start of a new interval.
    IntervalLoss take_interval() noexcept;

private:
    std::uint16_t required_run() const noexcept;
    SequenceVerdict start_run(std::uint16_t seq) noexcept;
    void restart_at(std::uint16_t seq) noexcept;

    SequenceOptions options_{};
    bool started_ = false;
    std::uint16_t probation_ = 0;
    std::uint16_t base_seq_ = 0;
    std::uint16_t max_seq_ = 0;
    std::uint32_t cycles_ = 0;
    std::optional<std::uint16_t> bad_seq_{};  // the number after the last jump
    std::uint32_t received_ = 0;
    std::int64_t expected_prior_ = 0;
    std::uint32_t received_prior_ = 0;
};

}  // namespace sessioncore::rtp
