#pragma once
// The RTCP transmission interval and its timer rules (RFC 3550 §6.2, §6.3, §A.7), as pure
// functions of the session state: the driver keeps tp, tn, members, senders, avg_rtcp_size
// and the flags, and asks these what to do. No clock reads, no timers here.
//
// §6.3.1: RTCP gets 5 % of the session bandwidth; when senders are at most a quarter of the
// members, they share 25 % of it and the receivers 75 %. With C = avg_rtcp_size / (that
// share) and n = the members sharing it, Td = max(Tmin, n × C), where Tmin is 5 s (2.5 s
// before our first report). T = Td × a uniform draw in [0.5, 1.5], divided by e − 3/2 to make
// up for timer reconsideration converging below the intended rate.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include <sessioncore/base/time.hpp>
#include <sessioncore/rtp/random.hpp>

namespace sessioncore::rtp {

using Seconds = std::chrono::duration<double>;

/// Whether we sent data since the second-previous report (§6.3 "we_sent").
enum class ReportRole : std::uint8_t { Receiver, Sender };
/// Whether we have sent an RTCP packet yet (§6.3 "initial").
enum class ReportPhase : std::uint8_t { Initial, Regular };

/// The recommended fixed minimum interval (§6.2).
inline constexpr Seconds rtcp_fixed_minimum{5.0};
/// The fraction of the session bandwidth RTCP may use (§6.2).
inline constexpr double rtcp_bandwidth_fraction = 0.05;
/// The share of the RTCP bandwidth for senders when they are few (§6.2).
inline constexpr double rtcp_sender_fraction = 0.25;
/// Octets of IP and UDP headers counted in every RTCP packet's size (§6.2, §6.3.3).
inline constexpr std::size_t ipv4_udp_overhead = 20 + 8;
inline constexpr std::size_t ipv6_udp_overhead = 40 + 8;

/// rtcp_bw in octets per second: `fraction` of a session bandwidth in bits per second.
[[nodiscard]] constexpr double rtcp_bandwidth(double session_bandwidth_bps,
                                              double fraction = rtcp_bandwidth_fraction) noexcept {
    return session_bandwidth_bps * fraction / 8.0;
}

/// The "reduced minimum" an implementation may use instead of 5 s (§6.2): 360 s divided by
/// the session bandwidth in kb/s, below 5 s above 72 kb/s. On unicast, receivers may use it
/// too; the participant timeout keeps the fixed minimum (participant_timeout()).
/// Precondition: session_bandwidth_bps > 0.
[[nodiscard]] constexpr Seconds reduced_rtcp_minimum(double session_bandwidth_bps) noexcept {
    return Seconds{360.0 / (session_bandwidth_bps / 1000.0)};
}

/// The state §6.3.1 computes the interval from.
struct RtcpIntervalParams {
    std::uint32_t members = 1;  ///< including us
    std::uint32_t senders = 0;  ///< including us when role is Sender
    double avg_rtcp_size = 0;   ///< octets, IP/UDP headers included (update_avg_rtcp_size())
    double rtcp_bandwidth = 0;  ///< rtcp_bw: octets/s for all members' RTCP (rtcp_bandwidth())
    ReportRole role = ReportRole::Receiver;
    ReportPhase phase = ReportPhase::Initial;
    Seconds minimum = rtcp_fixed_minimum;  ///< Tmin once we reported; halved before that
    /// The senders' share, S / (S + R) when RFC 3556 gives S and R; 25 % otherwise. Strictly
    /// between 0 and 1: when S or R is 0, that role sends no RTCP and has no interval.
    double sender_fraction = rtcp_sender_fraction;
};

/// Td (§6.3.1 steps 1-3): max(Tmin, n × C), without the randomisation.
/// Precondition (SC_ASSERT): rtcp_bandwidth > 0, members >= 1, 0 < sender_fraction < 1.
[[nodiscard]] Seconds deterministic_rtcp_interval(const RtcpIntervalParams& p);

/// T (§6.3.1 steps 4-5): Td × (0.5 + random()) / (e − 3/2).
/// Precondition (SC_ASSERT): as deterministic_rtcp_interval(); random() in [0, 1).
[[nodiscard]] Duration rtcp_interval(const RtcpIntervalParams& p, const UnitRandom& random);

/// How long another member may stay silent before it is timed out (§6.3.5): M × Td, Td
/// computed as a receiver, after the first report, with the fixed 5 s minimum (§6.2).
[[nodiscard]] Duration participant_timeout(RtcpIntervalParams p, std::uint32_t multiplier = 5);

/// What to do when the transmission timer fires (§6.3.6, "timer reconsideration").
struct RtcpTimerDecision {
    enum class Action : std::uint8_t { Send, Wait };
    Action action = Action::Wait;
    /// Wait: when to look again (tp + T). Send: unused; after sending, the driver sets
    /// tp = tc, updates avg_rtcp_size and the phase, and schedules next_rtcp_time(tc, ...).
    TimePoint wake{};
};

/// §6.3.6 at time `tc` with the last transmission at `tp` (for the first report, the time
/// the session started): send if tp + T <= tc, else wait until tp + T.
[[nodiscard]] RtcpTimerDecision reconsider_rtcp_timer(TimePoint tp, TimePoint tc,
                                                      const RtcpIntervalParams& p,
                                                      const UnitRandom& random);

/// tn = from + T: the first schedule (§6.3.2, from = the start) and each one after a send.
[[nodiscard]] TimePoint next_rtcp_time(TimePoint from, const RtcpIntervalParams& p,
                                       const UnitRandom& random);

/// New tn and tp after members dropped from `pmembers` to `members` (§6.3.4, "reverse
/// reconsideration"): both move towards tc in proportion. Unchanged unless members < pmembers.
struct RtcpTimes {
    TimePoint next{};  ///< tn
    TimePoint last{};  ///< tp
};
[[nodiscard]] RtcpTimes reverse_reconsider(TimePoint tc, RtcpTimes times, std::uint32_t members,
                                           std::uint32_t pmembers) noexcept;

/// avg_rtcp_size after a compound packet of `packet_size` octets (IP/UDP headers included)
/// was sent or received (§6.3.3): 1/16 of the new size and 15/16 of the average.
[[nodiscard]] constexpr double update_avg_rtcp_size(double avg, std::size_t packet_size) noexcept {
    return avg + (static_cast<double>(packet_size) - avg) / 16.0;
}

}  // namespace sessioncore::rtp
