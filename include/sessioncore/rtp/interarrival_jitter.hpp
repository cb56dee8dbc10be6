#pragma once
// Interarrival jitter (RFC 3550 §6.4.1, §A.8): the mean deviation of the difference in
// "transit time" (arrival time minus RTP timestamp, both in timestamp units) between
// consecutive packets, smoothed with gain 1/16: J += (|D| - J) / 16.

#include <chrono>
#include <cstdint>
#include <optional>

#include <sessioncore/base/time.hpp>

namespace sessioncore::rtp {

/// A time as a count of RTP clock ticks at `clock_rate` Hz, modulo 2^32 (truncated). Only
/// differences between two such values mean anything. Precondition: since_origin >= 0.
[[nodiscard]] std::uint32_t to_rtp_units(Duration since_origin, std::uint32_t clock_rate) noexcept;

class InterarrivalJitter {
public:
    /// One packet: its arrival (to_rtp_units() of a fixed origin) and its RTP timestamp. The
    /// first packet only sets the reference transit time.
    void update(std::uint32_t arrival, std::uint32_t rtp_timestamp) noexcept;

    /// The estimate in timestamp units, as a report block carries it (truncated).
    [[nodiscard]] std::uint32_t jitter() const noexcept {
        return static_cast<std::uint32_t>(scaled_ / scale);
    }
    /// The estimate with 4 more bits of precision (jitter × 16).
    [[nodiscard]] std::uint64_t jitter_x16() const noexcept { return scaled_; }

    /// Forgets the packets so far (a new source, or a restart of the sender's numbering).
    void reset() noexcept { *this = InterarrivalJitter{}; }

private:
    // Kept × 16 in an integer, so the 1/16 gain loses no precision over a call.
    static constexpr std::uint64_t scale = 16;
    std::optional<std::int32_t> last_transit_{};
    std::uint64_t scaled_ = 0;
};

}  // namespace sessioncore::rtp
