#pragma once
// What a receiver keeps about one source to fill its report block (RFC 3550 §6.4.1): the
// sequence bookkeeping and loss of §A.1/§A.3, the jitter of §A.8, and the time of the
// source's last SR for LSR/DLSR. Sans-IO: arrival times are passed in.

#include <cstdint>
#include <optional>

#include <sessioncore/base/time.hpp>
#include <sessioncore/rtp/ids.hpp>
#include <sessioncore/rtp/interarrival_jitter.hpp>
#include <sessioncore/rtp/ntp.hpp>
#include <sessioncore/rtp/rtcp_report.hpp>
#include <sessioncore/rtp/source_sequence.hpp>

namespace sessioncore::rtp {

class ReceptionStatistics {
public:
    /// `clock_rate`: the RTP clock of the source's payload format (Hz), for the jitter.
    /// Precondition (SC_ASSERT): clock_rate > 0.
    ReceptionStatistics(Ssrc source, std::uint32_t clock_rate, SequenceOptions options = {});

    /// A data packet from the source, with the time it arrived. Jitter is updated only for
    /// the packets the sequence check counts; a restart starts the jitter afresh as well.
    SequenceVerdict on_rtp(std::uint16_t seq, std::uint32_t rtp_timestamp,
                           TimePoint arrival) noexcept;

    /// An SR from the source arrived at `arrival`, stamped `ntp` by its sender.
    void on_sender_report(NtpTimestamp ntp, TimePoint arrival) noexcept;

    /// The block for our next report, sent at `now`; starts a new loss interval (§A.3).
    [[nodiscard]] ReportBlock make_report_block(TimePoint now) noexcept;

    [[nodiscard]] Ssrc source() const noexcept { return source_; }
    [[nodiscard]] const SourceSequence& sequence() const noexcept { return sequence_; }
    [[nodiscard]] std::uint32_t jitter() const noexcept { return jitter_.jitter(); }
    /// The loss of the interval the last make_report_block() closed.
    [[nodiscard]] const IntervalLoss& last_interval() const noexcept { return last_interval_; }

private:
    struct LastSenderReport {
        std::uint32_t compact_ntp;
        TimePoint arrival;
    };

    Ssrc source_{};
    std::uint32_t clock_rate_{};
    SourceSequence sequence_{};
    InterarrivalJitter jitter_{};
    std::optional<LastSenderReport> last_sr_{};
    IntervalLoss last_interval_{};
};

}  // namespace sessioncore::rtp
