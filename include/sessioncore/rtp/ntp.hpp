#pragma once
// NTP timestamps as RTCP carries them (RFC 3550 §4, §6.4.1): 32 bits of seconds since
// 1900-01-01 and 32 bits of fraction; the "compact" middle 32 bits (16.16 fixed point) in the
// LSR and DLSR fields; and the round-trip time a sender computes from a report block.
// Pure conversions: the caller reads the clock.

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>

#include <sessioncore/base/time.hpp>

namespace sessioncore::rtp {

struct NtpTimestamp {
    std::uint32_t seconds = 0;   ///< since 1900-01-01 00:00 UTC, modulo 2^32 (era 0 ends 2036)
    std::uint32_t fraction = 0;  ///< units of 2^-32 s

    /// The middle 32 bits (§6.4.1 "LSR"): the low 16 bits of the seconds and the high 16 of
    /// the fraction, in units of 1/65536 s.
    [[nodiscard]] constexpr std::uint32_t compact() const noexcept {
        return (seconds << 16) | (fraction >> 16);
    }
    friend auto operator<=>(const NtpTimestamp&, const NtpTimestamp&) = default;
};

/// Seconds from the NTP epoch (1900) to the Unix epoch (1970): 70 years, 17 of them leap.
inline constexpr std::uint32_t ntp_unix_epoch_offset = 2'208'988'800u;

/// The NTP timestamp of a wall-clock time (the fraction truncated to 2^-32 s).
[[nodiscard]] NtpTimestamp to_ntp(std::chrono::system_clock::time_point t) noexcept;

/// A duration in the compact unit of 1/65536 s (truncated; saturates at 0xFFFFFFFF, about
/// 18 hours), as in the DLSR field. Precondition: d >= 0.
[[nodiscard]] std::uint32_t to_compact_ntp(Duration d) noexcept;

/// A compact NTP interval (1/65536 s units) as a Duration (truncated to nanoseconds).
[[nodiscard]] Duration from_compact_ntp(std::uint32_t units) noexcept;

/// RFC 3550 §6.4.1: the round-trip time to a receiver, from a report block it sent about us.
/// `arrival` is the compact NTP time at which the report arrived (our clock, the one our SRs
/// carry), `last_sr` and `delay_since_last_sr` the block's LSR and DLSR fields.
/// nullopt when LSR is 0 (the receiver has no SR of ours yet) or when A - LSR - DLSR is
/// negative by more than the rounding of its three 16.16 terms can explain (two units, about
/// 31 µs): such a report is inconsistent. A result within that margin below zero is zero.
[[nodiscard]] std::optional<Duration> round_trip_time(std::uint32_t arrival, std::uint32_t last_sr,
                                                      std::uint32_t delay_since_last_sr) noexcept;

}  // namespace sessioncore::rtp
