// The default random source of the dialog layer's back-offs.
#include <random>

#include <sessioncore/dialog/random_source.hpp>

namespace sessioncore::dialog {

RandomSource default_random_source() {
    return [](std::uint32_t count) -> std::uint32_t {
        // One generator per thread: each shard draws from its own without a lock.
        thread_local std::mt19937 generator{std::random_device{}()};
        std::uniform_int_distribution<std::uint32_t> pick{0, count - 1};
        return pick(generator);
    };
}

}  // namespace sessioncore::dialog
