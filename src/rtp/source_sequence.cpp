// Sequence-number bookkeeping (RFC 3550 §A.1) and loss (§A.3); the rules are summarised in
// source_sequence.hpp.
#include <algorithm>

#include <sessioncore/rtp/rtcp_report.hpp>
#include <sessioncore/rtp/source_sequence.hpp>

namespace sessioncore::rtp {
namespace {

constexpr std::uint32_t sequence_modulus = 65536;

}  // namespace

std::uint16_t SourceSequence::required_run() const noexcept {
    return std::max<std::uint16_t>(options_.min_sequential, 1);
}

// `seq` is the first packet of a run of sequential packets that may end probation.
SequenceVerdict SourceSequence::start_run(std::uint16_t seq) noexcept {
    probation_ = static_cast<std::uint16_t>(required_run() - 1);
    max_seq_ = seq;
    if (probation_ > 0)
        return SequenceVerdict::Probation;
    restart_at(seq);
    received_ = 1;
    return SequenceVerdict::Accepted;
}

void SourceSequence::restart_at(std::uint16_t seq) noexcept {
    base_seq_ = seq;
    max_seq_ = seq;
    cycles_ = 0;
    bad_seq_.reset();
    received_ = 0;
    expected_prior_ = 0;
    received_prior_ = 0;
}

SequenceVerdict SourceSequence::update(std::uint16_t seq) noexcept {
    if (!started_) {
        started_ = true;
        return start_run(seq);
    }
    if (probation_ > 0) {
        if (seq != static_cast<std::uint16_t>(max_seq_ + 1))
            return start_run(seq);  // out of sequence: the run starts again here
        max_seq_ = seq;
        if (--probation_ > 0)
            return SequenceVerdict::Probation;
        restart_at(seq);
        received_ = 1;
        return SequenceVerdict::Accepted;
    }

    // How far ahead of the highest number, modulo 2^16: small is forward, close to 2^16 is
    // a little behind.
    auto ahead = static_cast<std::uint16_t>(seq - max_seq_);
    if (ahead < options_.max_dropout) {
        if (seq < max_seq_)
            ++cycles_;  // wrapped past 65535
        max_seq_ = seq;
    } else if (ahead <= sequence_modulus - options_.max_misorder) {
        if (bad_seq_ != seq) {
            bad_seq_ = static_cast<std::uint16_t>(seq + 1);
            return SequenceVerdict::Jump;
        }
        // Two in sequence after a jump: the sender restarted without telling us.
        restart_at(seq);
        received_ = 1;
        return SequenceVerdict::Restarted;
    }
    // Otherwise a duplicate or a late packet: counted, the highest number stays.
    ++received_;
    return SequenceVerdict::Accepted;
}

std::uint32_t SourceSequence::extended_highest() const noexcept {
    return cycles_ * sequence_modulus + max_seq_;
}

std::int64_t SourceSequence::expected() const noexcept {
    if (!valid())
        return 0;
    return std::int64_t{cycles_} * sequence_modulus + max_seq_ - base_seq_ + 1;
}

std::int64_t SourceSequence::cumulative_lost() const noexcept {
    return expected() - std::int64_t{received_};
}

std::int32_t SourceSequence::cumulative_lost_for_report() const noexcept {
    return clamp_cumulative_lost(cumulative_lost());
}

IntervalLoss SourceSequence::take_interval() noexcept {
    IntervalLoss loss;
    std::int64_t expected_now = expected();
    loss.expected = expected_now - expected_prior_;
    loss.received = std::int64_t{received_} - std::int64_t{received_prior_};
    loss.lost = loss.expected - loss.received;
    expected_prior_ = expected_now;
    received_prior_ = received_;
    if (loss.expected > 0 && loss.lost > 0)
        loss.fraction_lost =
            static_cast<std::uint8_t>(std::min<std::int64_t>(loss.lost * 256 / loss.expected, 255));
    return loss;
}

}  // namespace sessioncore::rtp
