#pragma once
// The randomness the dialog layer's back-offs draw from (RFC 3261 §14.1, §14.2), passed in so
// that tests choose the draws.

#include <cstdint>
#include <functional>

namespace sessioncore::dialog {

/// Returns a number in [0, count), uniformly; `count` is at least 1. Called on the owning
/// shard only.
using RandomSource = std::function<std::uint32_t(std::uint32_t count)>;

/// A source backed by one Mersenne Twister per thread, seeded from std::random_device.
[[nodiscard]] RandomSource default_random_source();

}  // namespace sessioncore::dialog
