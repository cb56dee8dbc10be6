#pragma once
// The randomness the RTCP schedule draws from (RFC 3550 §6.3.1), passed in so that tests
// choose the draws.

#include <functional>

namespace sessioncore::rtp {

/// Returns a number in [0, 1), uniformly. Called on the owning shard only.
using UnitRandom = std::function<double()>;

/// A source backed by one Mersenne Twister per thread, seeded from std::random_device.
[[nodiscard]] UnitRandom default_unit_random();

}  // namespace sessioncore::rtp
