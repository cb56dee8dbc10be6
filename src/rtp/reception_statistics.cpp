// A receiver's statistics for one source (RFC 3550 §6.4.1, §A.1, §A.3, §A.8).
#include <sessioncore/base/assert.hpp>
#include <sessioncore/rtp/reception_statistics.hpp>

namespace sessioncore::rtp {

ReceptionStatistics::ReceptionStatistics(Ssrc source, std::uint32_t clock_rate,
                                         SequenceOptions options)
    : source_(source), clock_rate_(clock_rate), sequence_(options) {
    SC_ASSERT(clock_rate > 0, "an RTP clock rate is positive");
}

SequenceVerdict ReceptionStatistics::on_rtp(std::uint16_t seq, std::uint32_t rtp_timestamp,
                                            TimePoint arrival) noexcept {
    SequenceVerdict verdict = sequence_.update(seq);
    if (verdict == SequenceVerdict::Restarted)
        jitter_.reset();  // a new numbering may come with a new timestamp base
    if (verdict == SequenceVerdict::Accepted || verdict == SequenceVerdict::Restarted)
        jitter_.update(to_rtp_units(arrival.time_since_epoch(), clock_rate_), rtp_timestamp);
    return verdict;
}

void ReceptionStatistics::on_sender_report(NtpTimestamp ntp, TimePoint arrival) noexcept {
    last_sr_ = LastSenderReport{ntp.compact(), arrival};
}

ReportBlock ReceptionStatistics::make_report_block(TimePoint now) noexcept {
    last_interval_ = sequence_.take_interval();
    ReportBlock block;
    block.source = source_;
    block.fraction_lost = last_interval_.fraction_lost;
    block.cumulative_lost = sequence_.cumulative_lost_for_report();
    block.extended_highest_sequence = sequence_.extended_highest();
    block.jitter = jitter_.jitter();
    if (last_sr_) {
        block.last_sr = last_sr_->compact_ntp;
        Duration since = now > last_sr_->arrival ? now - last_sr_->arrival : Duration::zero();
        block.delay_since_last_sr = to_compact_ntp(since);
    }
    return block;
}

}  // namespace sessioncore::rtp
