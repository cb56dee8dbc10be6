// The RTCP transmission interval and timer rules (RFC 3550 §6.3, §A.7); summary in the header.
#include <algorithm>
#include <numbers>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/rtp/rtcp_interval.hpp>

namespace sessioncore::rtp {
namespace {

// §6.3.1 step 5: timer reconsideration makes the average interval converge to 1/(e − 3/2)
// of the computed one, so the computed one is divided by that much.
constexpr double reconsideration_compensation = std::numbers::e - 1.5;

// Seconds as a Duration, kept within a year so that a degenerate input (a huge average size
// over a tiny bandwidth) cannot overflow the nanosecond count.
Duration to_duration(Seconds s) {
    constexpr Seconds longest{365.0 * 24 * 3600};
    return std::chrono::duration_cast<Duration>(std::min(s, longest));
}

}  // namespace

Seconds deterministic_rtcp_interval(const RtcpIntervalParams& p) {
    SC_ASSERT(p.rtcp_bandwidth > 0, "RTCP needs a bandwidth");
    SC_ASSERT(p.members >= 1, "we are a member");
    SC_ASSERT(p.sender_fraction > 0 && p.sender_fraction < 1, "both roles have a share");
    double bandwidth = p.rtcp_bandwidth;
    double sharing = p.members;  // n
    if (p.senders <= p.members * p.sender_fraction) {
        if (p.role == ReportRole::Sender) {
            bandwidth *= p.sender_fraction;
            sharing = p.senders;
        } else {
            bandwidth *= 1.0 - p.sender_fraction;
            sharing = p.members - p.senders;
        }
    }
    Seconds minimum = p.phase == ReportPhase::Initial ? p.minimum / 2 : p.minimum;
    Seconds per_member{p.avg_rtcp_size / bandwidth};  // C
    return std::max(minimum, sharing * per_member);
}

Duration rtcp_interval(const RtcpIntervalParams& p, const UnitRandom& random) {
    double draw = random();
    SC_ASSERT(draw >= 0.0 && draw < 1.0, "the random source keeps to [0, 1)");
    Seconds td = deterministic_rtcp_interval(p);
    return to_duration(td * (0.5 + draw) / reconsideration_compensation);
}

Duration participant_timeout(RtcpIntervalParams p, std::uint32_t multiplier) {
    p.role = ReportRole::Receiver;
    p.phase = ReportPhase::Regular;
    p.minimum = rtcp_fixed_minimum;
    return to_duration(deterministic_rtcp_interval(p) * multiplier);
}

RtcpTimerDecision reconsider_rtcp_timer(TimePoint tp, TimePoint tc, const RtcpIntervalParams& p,
                                        const UnitRandom& random) {
    TimePoint due = tp + rtcp_interval(p, random);
    if (due <= tc)
        return {RtcpTimerDecision::Action::Send, tc};
    return {RtcpTimerDecision::Action::Wait, due};
}

TimePoint next_rtcp_time(TimePoint from, const RtcpIntervalParams& p, const UnitRandom& random) {
    return from + rtcp_interval(p, random);
}

RtcpTimes reverse_reconsider(TimePoint tc, RtcpTimes times, std::uint32_t members,
                             std::uint32_t pmembers) noexcept {
    if (members >= pmembers || pmembers == 0)
        return times;
    double ratio = static_cast<double>(members) / static_cast<double>(pmembers);
    auto scale = [ratio](Duration d) {
        return std::chrono::duration_cast<Duration>(std::chrono::duration<double, Duration::period>(
            static_cast<double>(d.count()) * ratio));
    };
    return {tc + scale(times.next - tc), tc - scale(tc - times.last)};
}

}  // namespace sessioncore::rtp
