#pragma once
// One frame-period timer shared by every AudioChannel of one executor and one ptime (private
// to the media layer). A timer per channel costs each channel a timer-queue removal and
// insertion and a handler per frame; one timer that ticks its channels in turn costs one of
// each per period for all of them. The clock is made on first use and lives as long as a
// channel holds it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sessioncore/base/time.hpp>

namespace sessioncore::media::detail {

class PtimeClock;

/// What a PtimeClock ticks.
class PtimeMember {
public:
    /// One frame period has passed. `skipped` periods before it went by unticked: the
    /// executor ran more than PtimeClock::max_ticks_behind periods late (a stalled thread),
    /// and bursting them out would only make every receiver's buffer overflow.
    virtual void on_ptime_tick(std::uint64_t skipped) = 0;

protected:
    PtimeMember() = default;
    ~PtimeMember() = default;
    PtimeMember(const PtimeMember&) = default;
    PtimeMember& operator=(const PtimeMember&) = default;

private:
    friend class PtimeClock;
    std::size_t clock_slot_ = 0;  // where the clock keeps this member
};

class PtimeClock : public std::enable_shared_from_this<PtimeClock> {
public:
    // Further behind than this many frame periods, the clock skips ahead instead of catching
    // up with a burst of packets.
    static constexpr int max_ticks_behind = 3;

    /// The clock of this executor (an equal executor: the same io_context, or the same strand)
    /// and period. Thread-safe.
    [[nodiscard]] static std::shared_ptr<PtimeClock> of(
        const boost::asio::any_io_executor& executor, Duration period);

    PtimeClock(boost::asio::any_io_executor executor, Duration period);

    /// On the executor only. The member's first tick is the clock's next one; a member that
    /// joins during a tick is ticked from the next.
    void join(PtimeMember& member);
    /// On the executor only; a member not joined is ignored. Safe from within a tick.
    void leave(PtimeMember& member) noexcept;

private:
    void arm();
    void on_timer();
    void remove_vacant() noexcept;

    boost::asio::steady_timer timer_;
    Duration period_;
    TimePoint next_{};
    std::uint64_t generation_ = 0;  // of the armed wait: a stale completion is ignored
    bool armed_ = false;
    bool ticking_ = false;
    std::size_t vacant_ = 0;  // members that left during a tick
    std::vector<PtimeMember*> members_;
};

}  // namespace sessioncore::media::detail
