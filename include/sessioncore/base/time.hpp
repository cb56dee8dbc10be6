#pragma once
// Time for every timer in session-core (STYLE.md §3 "Time"). Sans-IO cores take a TimePoint
// `now` as an input; drivers and anything else that needs the time is handed a `const Clock&`,
// which is SteadyClock in production and ManualClock in tests (virtual time: a test advances it
// and nothing sleeps).

#include <chrono>

namespace sessioncore {

using Duration = std::chrono::steady_clock::duration;
using TimePoint = std::chrono::steady_clock::time_point;

/// A source of the current steady time. Implementations are safe to call from any thread.
class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual TimePoint now() const noexcept = 0;
};

/// The real monotonic clock.
class SteadyClock final : public Clock {
public:
    [[nodiscard]] TimePoint now() const noexcept override {
        return std::chrono::steady_clock::now();
    }
};

/// Virtual time for tests: starts at an arbitrary fixed point and moves only when told.
/// Not synchronised: a test drives it from one thread.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start = TimePoint{} + std::chrono::hours(1)) : now_(start) {}
    [[nodiscard]] TimePoint now() const noexcept override { return now_; }
    void advance(Duration by) noexcept { now_ += by; }
    /// Precondition: `to` is not earlier than now() (steady time never goes back).
    void set(TimePoint to) noexcept {
        if (to > now_)
            now_ = to;
    }

private:
    TimePoint now_;
};

}  // namespace sessioncore
