#include "ptime_clock.hpp"

#include <algorithm>
#include <mutex>

#include <boost/asio/error.hpp>
#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/query.hpp>

namespace sessioncore::media::detail {

namespace asio = boost::asio;

namespace {

// The clocks of one execution context, found by executor and period. Only channel start and
// stop come here, under a mutex: the shards of one context may start channels concurrently.
class PtimeClocks final : public asio::execution_context::service {
public:
    using key_type = PtimeClocks;
    static inline asio::execution_context::id id;  // NOLINT: Asio finds the service by it

    explicit PtimeClocks(asio::execution_context& context) : service(context) {}

    std::shared_ptr<PtimeClock> get(const asio::any_io_executor& executor, Duration period) {
        const std::lock_guard lock(mutex_);
        std::erase_if(clocks_, [](const Entry& e) { return e.clock.expired(); });
        for (const Entry& e : clocks_)
            if (e.period == period && e.executor == executor)
                if (auto clock = e.clock.lock())
                    return clock;
        auto clock = std::make_shared<PtimeClock>(executor, period);
        clocks_.push_back({executor, period, clock});
        return clock;
    }

private:
    struct Entry {
        asio::any_io_executor executor;
        Duration period;
        std::weak_ptr<PtimeClock> clock;
    };
    void shutdown() override { clocks_.clear(); }

    std::mutex mutex_;
    std::vector<Entry> clocks_;
};

}  // namespace

std::shared_ptr<PtimeClock> PtimeClock::of(const asio::any_io_executor& executor, Duration period) {
    auto& context = asio::query(executor, asio::execution::context);
    return asio::use_service<PtimeClocks>(context).get(executor, period);
}

PtimeClock::PtimeClock(asio::any_io_executor executor, Duration period)
    : timer_(std::move(executor)), period_(period) {}

void PtimeClock::join(PtimeMember& member) {
    member.clock_slot_ = members_.size();
    members_.push_back(&member);
    if (armed_)
        return;
    armed_ = true;
    next_ = std::chrono::steady_clock::now() + period_;
    arm();
}

void PtimeClock::leave(PtimeMember& member) noexcept {
    const std::size_t slot = member.clock_slot_;
    if (slot >= members_.size() || members_[slot] != &member)
        return;
    if (ticking_) {
        members_[slot] = nullptr;  // the tick's loop goes on over the same slots
        ++vacant_;
        return;
    }
    members_[slot] = members_.back();
    members_[slot]->clock_slot_ = slot;
    members_.pop_back();
    if (members_.empty() && armed_) {
        armed_ = false;
        timer_.cancel();  // no work left behind: the io_context can run out
    }
}

// Absolute deadlines: each expiry is the previous one plus the period, so the rate does not
// drift with the handlers' latency (RFC 3550 §5.1: timestamps follow the sampling clock).
void PtimeClock::arm() {
    timer_.expires_at(next_);
    timer_.async_wait(
        [weak = weak_from_this(), generation = ++generation_](const boost::system::error_code& ec) {
            const auto self = weak.lock();  // kept alive through the tick: a member may drop it
            if (!self || ec == asio::error::operation_aborted || generation != self->generation_ ||
                !self->armed_)
                return;
            self->on_timer();
        });
}

void PtimeClock::on_timer() {
    const auto behind = (std::chrono::steady_clock::now() - next_) / period_;
    std::uint64_t skipped = 0;
    if (behind > max_ticks_behind) {
        next_ += behind * period_;
        skipped = static_cast<std::uint64_t>(behind);
    }
    ticking_ = true;
    const std::size_t count = members_.size();  // not those joining during the tick
    for (std::size_t i = 0; i < count; ++i)
        if (PtimeMember* member = members_[i])
            member->on_ptime_tick(skipped);
    ticking_ = false;
    remove_vacant();
    if (members_.empty()) {
        armed_ = false;
        return;
    }
    next_ += period_;
    arm();
}

void PtimeClock::remove_vacant() noexcept {
    if (vacant_ == 0)
        return;
    std::size_t kept = 0;
    for (PtimeMember* member : members_) {
        if (member == nullptr)
            continue;
        member->clock_slot_ = kept;
        members_[kept++] = member;
    }
    members_.resize(kept);
    vacant_ = 0;
}

}  // namespace sessioncore::media::detail
