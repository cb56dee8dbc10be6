// Interarrival jitter (RFC 3550 §6.4.1, §A.8).
#include <sessioncore/rtp/interarrival_jitter.hpp>

namespace sessioncore::rtp {

std::uint32_t to_rtp_units(Duration since_origin, std::uint32_t clock_rate) noexcept {
    auto ns = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(since_origin).count());
    constexpr std::uint64_t ns_per_second = 1'000'000'000;
    // Whole seconds and the rest apart, so that ns × clock_rate cannot overflow.
    std::uint64_t ticks =
        ns / ns_per_second * clock_rate + ns % ns_per_second * clock_rate / ns_per_second;
    return static_cast<std::uint32_t>(ticks);
}

void InterarrivalJitter::update(std::uint32_t arrival, std::uint32_t rtp_timestamp) noexcept {
    // Transit times are modulo 2^32 with an arbitrary offset; their difference is what counts.
    auto transit = static_cast<std::int32_t>(arrival - rtp_timestamp);
    if (!last_transit_) {
        last_transit_ = transit;
        return;
    }
    // D is modulo 2^32 too: the shorter way round, as a signed 32-bit difference.
    auto d = static_cast<std::int32_t>(static_cast<std::uint32_t>(transit) -
                                       static_cast<std::uint32_t>(*last_transit_));
    auto magnitude = static_cast<std::uint64_t>(d < 0 ? -std::int64_t{d} : std::int64_t{d});
    last_transit_ = transit;
    // J' = J + (|D| - J) / 16, with J kept × 16: J16' = J16 + |D| - J16 / 16 (rounded).
    scaled_ = scaled_ + magnitude - (scaled_ + scale / 2) / scale;
}

}  // namespace sessioncore::rtp
