// NTP timestamp helpers (RFC 3550 §4, §6.4.1).
#include <limits>

#include <sessioncore/rtp/ntp.hpp>

namespace sessioncore::rtp {
namespace {

using std::chrono::nanoseconds;
constexpr std::uint64_t ns_per_second = 1'000'000'000;

}  // namespace

NtpTimestamp to_ntp(std::chrono::system_clock::time_point t) noexcept {
    // C++20 fixes system_clock's epoch at 1970-01-01 UTC (leap seconds not counted, as NTP).
    auto since_unix = std::chrono::duration_cast<nanoseconds>(t.time_since_epoch()).count();
    auto ns = static_cast<std::uint64_t>(since_unix);
    std::uint64_t whole = ns / ns_per_second;
    std::uint64_t part = ns % ns_per_second;
    // part < 10^9 < 2^30, so part << 32 fits in 64 bits.
    return {static_cast<std::uint32_t>(whole + ntp_unix_epoch_offset),
            static_cast<std::uint32_t>((part << 32) / ns_per_second)};
}

std::uint32_t to_compact_ntp(Duration d) noexcept {
    auto ns = static_cast<std::uint64_t>(std::chrono::duration_cast<nanoseconds>(d).count());
    // 2^64 / 65536 ns is over 8,000 years, so ns * 65536 cannot overflow for the saturating
    // range; above about 18 hours the result saturates.
    constexpr std::uint64_t limit = std::numeric_limits<std::uint32_t>::max();
    if (ns / ns_per_second >= (limit + 1) / 65536)
        return static_cast<std::uint32_t>(limit);
    return static_cast<std::uint32_t>(ns * 65536 / ns_per_second);
}

Duration from_compact_ntp(std::uint32_t units) noexcept {
    return std::chrono::duration_cast<Duration>(
        nanoseconds(static_cast<std::int64_t>(std::uint64_t{units} * ns_per_second / 65536)));
}

std::optional<Duration> round_trip_time(std::uint32_t arrival, std::uint32_t last_sr,
                                        std::uint32_t delay_since_last_sr) noexcept {
    if (last_sr == 0)
        return std::nullopt;
    // Modulo 2^32 (the compact time wraps every 18 hours), read as signed.
    auto rtt = static_cast<std::int32_t>(arrival - last_sr - delay_since_last_sr);
    // Each term is a 16.16 value cut from a finer one: truncated here, truncated or rounded by
    // the peer. Together they can put a true RTT near zero up to two units below it.
    constexpr std::int32_t rounding_margin = -2;
    if (rtt < rounding_margin)
        return std::nullopt;
    if (rtt < 0)
        return Duration::zero();
    return from_compact_ntp(static_cast<std::uint32_t>(rtt));
}

}  // namespace sessioncore::rtp
