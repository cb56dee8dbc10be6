// The default random source of the RTCP schedule.
#include <random>

#include <sessioncore/rtp/random.hpp>

namespace sessioncore::rtp {

UnitRandom default_unit_random() {
    return [] {
        // One generator per thread: each shard draws from its own without a lock.
        thread_local std::mt19937_64 generator{std::random_device{}()};
        std::uniform_real_distribution<double> pick{0.0, 1.0};
        return pick(generator);
    };
}

}  // namespace sessioncore::rtp
