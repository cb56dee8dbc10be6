// The retry delay after a 491 (RFC 3261 §14.1).
#include <sessioncore/base/assert.hpp>
#include <sessioncore/dialog/glare.hpp>

namespace sessioncore::dialog {
namespace {

using namespace std::chrono_literals;

// §14.1: the owner of the Call-ID waits "between 2.1 and 4 seconds in units of 10 ms", the
// other end "between 0 and 2 seconds in units of 10 ms"; both ends of each range included
// (rfc3261_owner_window, rfc3261_other_window unless configured otherwise).
constexpr std::chrono::milliseconds unit = 10ms;

}  // namespace

std::chrono::milliseconds GlareBackoff::delay(Role role) const {
    const GlareWindow range = role == Role::Uac ? owner_ : other_;
    if (range.high <= range.low)
        return range.low;
    const auto steps = static_cast<std::uint32_t>((range.high - range.low) / unit) + 1;
    const std::uint32_t step = random_(steps);
    SC_ASSERT(step < steps, "the random source returned a value outside [0, count)");
    return range.low + step * unit;
}

}  // namespace sessioncore::dialog
