#pragma once
// Timer values and transaction settings of RFC 3261 §17 (table 4 in Appendix A) and RFC 6026
// §8.4 (Timers L and M). Every machine of this layer takes them at construction; none reads a
// clock: the driver passes `now` with every input and arms one timer at next_wake().

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>

#include <sessioncore/base/time.hpp>

namespace sessioncore::transaction {

using namespace std::chrono_literals;

/// Whether the transport under a transaction loses messages (UDP) or not (TCP, TLS, WS).
/// Retransmission timers run only on unreliable transports; wait timers (D, I, J, K) are zero on
/// reliable ones (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).
enum class Reliability : std::uint8_t { Unreliable, Reliable };

/// RFC 3261 timer base values; the defaults are the RFC's.
struct TimerConfig {
    Duration t1 = 500ms;  ///< RTT estimate (§17.1.1.1)
    Duration t2 = 4s;     ///< cap of non-INVITE request and INVITE response retransmits
    Duration t4 = 5s;     ///< longest time a message stays in the network
    /// Timer D: how long a client INVITE waits for retransmitted final responses on an
    /// unreliable transport; "at least 32 seconds" (§17.1.1.2).
    Duration timer_d = 32s;
    /// Timer C of a proxy (§16.6 step 11: "greater than 3 minutes"); used only when the client
    /// INVITE runs with TimerC::Enabled.
    Duration timer_c = std::chrono::minutes(3);
    /// A server INVITE sends 100 Trying itself when the TU has sent no provisional response by
    /// then (§17.2.1: "within 200 ms").
    Duration trying_delay = 200ms;

    /// 64·T1: Timers B, F, H, J, L and M.
    [[nodiscard]] Duration timeout() const noexcept { return 64 * t1; }
};

/// Whether a client INVITE runs the proxy's Timer C (RFC 3261 §16.6 step 11). A UA needs none.
enum class TimerC : std::uint8_t { Disabled, Enabled };

/// What every transaction is built with; use designated initialisers:
/// `ClientInvite tx{std::move(invite), now, {.reliability = Reliability::Reliable}}`.
struct TransactionOptions {
    Reliability reliability = Reliability::Unreliable;
    TimerConfig timers{};
    TimerC timer_c = TimerC::Disabled;  ///< client INVITE only
};

/// The RFC names of the timers, for events and logs. Trying is the 200 ms 100-Trying delay of
/// the server INVITE (§17.2.1), which the RFC leaves unnamed.
enum class TimerName : std::uint8_t { A, B, C, D, E, F, G, H, I, J, K, L, M, Trying };

/// The earliest of some armed deadlines; nullopt when none is armed.
[[nodiscard]] inline std::optional<TimePoint> earliest(
    std::initializer_list<std::optional<TimePoint>> deadlines) noexcept {
    std::optional<TimePoint> first;
    for (const auto& d : deadlines) {
        if (d && (!first || *d < *first))
            first = d;
    }
    return first;
}

/// True when an armed deadline has come.
[[nodiscard]] inline bool due(const std::optional<TimePoint>& deadline, TimePoint now) noexcept {
    return deadline && *deadline <= now;
}

}  // namespace sessioncore::transaction
