#pragma once
// EventChannel: a bounded queue from many producer threads (the Runtime's workers) to one
// consumer (the application), with Asio asynchronous receives. The session layer delivers its
// events through it.
//
// Why a mutex-guarded ring: pushes are one short critical section each (no allocation: the
// ring's slots are allocated at construction and reused), the consumer takes whole batches under
// one lock, and a producer wakes the consumer (posts a completion) only when a receive is
// parked on an empty channel. Measured in docs/PERFORMANCE.md ("Event channel").
//
// Order: values pushed by one thread are received in the order that thread pushed them (one
// mutex orders all pushes). Events of one session come from its shard, hence stay in order.
//
// Overflow: the capacity is fixed. DropNewest refuses a push to a full channel and counts it
// (dropped()); memory never grows. Block makes push() wait for room: only for producers that
// are not the consumer's own thread (a Runtime worker pushing to a channel whose consumer runs
// on the same worker would wait forever); those use try_push(), which never waits.
//
// Completions: async_receive*() complete on the handler's associated executor (co_await with
// use_awaitable: the coroutine's executor), or, for a handler without one, on the executor given
// in EventChannelOptions (or bind one with boost::asio::bind_executor). Never inside the call
// that starts the receive, nor inside push(). use_future works (its handler runs on the system
// executor and sets the promise).
//
// Allocation: none per push or try_receive. A receive that has to wait (empty channel) allocates
// its type-erased holder once with std::make_unique (the handler's associated allocator is not
// used); a batch receive allocates its result vector; posting a completion uses Asio's own
// handler memory.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/error_code.hpp>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/base/detail/pending_receive.hpp>
#include <sessioncore/base/detail/ring_buffer.hpp>

namespace sessioncore {

/// What push() does when the channel is full.
enum class OverflowPolicy {
    DropNewest,  ///< refuse the new value, count it in dropped()
    Block,       ///< wait for room (or close()); the consumer wakes waiters once half is free
};

struct EventChannelOptions {
    /// Values the channel holds at most; > 0.
    std::size_t capacity = 4096;
    OverflowPolicy overflow = OverflowPolicy::DropNewest;
    /// Where completions run for handlers without an associated executor (plain callbacks).
    boost::asio::any_io_executor executor{};
};

/// Bounded multi-producer, single-consumer channel of T. T must be move-constructible;
/// async_receive() also needs it default-constructible (an error completion passes T{}).
/// Every member is safe to call from any thread; the receive members from one consumer at a
/// time, with at most one asynchronous receive outstanding.
template <class T>
class EventChannel {
public:
    using value_type = T;

    /// Precondition: options.capacity > 0.
    explicit EventChannel(EventChannelOptions options)
        : ring_(options.capacity), overflow_(options.overflow), executor_(options.executor) {}

    /// A receive still outstanding is destroyed without being called: close() the channel and
    /// let the receive complete first.
    ~EventChannel() = default;
    EventChannel(const EventChannel&) = delete;
    EventChannel& operator=(const EventChannel&) = delete;

    /// Queues `value` following the channel's OverflowPolicy. Returns false if it was not
    /// queued: the channel is full (DropNewest; counted in dropped()) or closed (not counted).
    bool push(T value) { return push_with(std::move(value), overflow_); }

    /// Like push() with DropNewest, whatever the policy: never waits. For Runtime workers.
    bool try_push(T value) { return push_with(std::move(value), OverflowPolicy::DropNewest); }

    /// try_push() of every value in `values`, in order, under one lock and with at most one
    /// wake-up of the consumer; the values that do not fit are dropped (and counted). Leaves
    /// `values` empty and returns how many were queued.
    std::size_t try_push_all(std::vector<T>& values);

    /// Ends the channel: later pushes fail; values already queued are still received, then
    /// every receive completes with boost::asio::error::eof. Wakes blocked producers (their push
    /// returns false). Idempotent.
    void close();

    [[nodiscard]] bool closed() const;
    /// Values refused because the channel was full, since construction. Any thread, any time.
    [[nodiscard]] std::uint64_t dropped() const noexcept {
        return dropped_.load(std::memory_order_relaxed);
    }
    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] std::size_t capacity() const noexcept { return ring_.capacity(); }

    /// The oldest value, or nullopt when none is queued (closed or not).
    [[nodiscard]] std::optional<T> try_receive();

    /// Moves up to `max` of the oldest values to the end of `out`; returns how many (0: none
    /// queued). One lock for the whole batch.
    std::size_t try_receive_batch(std::vector<T>& out, std::size_t max);

    /// Receives one value: completes with (error_code{}, value), or (error::eof, T{}) once the
    /// channel is closed and empty. Signature void(boost::system::error_code, T).
    template <class CompletionToken>
    auto async_receive(CompletionToken&& token) {
        static_assert(std::is_default_constructible_v<T>,
                      "async_receive passes T{} with an error: T must be default-constructible");
        return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code, T)>(
            [this](auto&& handler) {
                initiate<detail::TakeOne<T>>(std::forward<decltype(handler)>(handler), 1);
            },
            token);
    }

    /// Receives up to `max` values (at least one) queued when the receive runs: completes with
    /// (error_code{}, values), or (error::eof, {}) once the channel is closed and empty.
    /// Signature void(boost::system::error_code, std::vector<T>). Precondition: max > 0.
    template <class CompletionToken>
    auto async_receive_batch(std::size_t max, CompletionToken&& token) {
        SC_ASSERT(max > 0, "async_receive_batch needs room for at least one value");
        return boost::asio::async_initiate<CompletionToken,
                                           void(boost::system::error_code, std::vector<T>)>(
            [this, max](auto&& handler) {
                initiate<detail::TakeBatch<T>>(std::forward<decltype(handler)>(handler), max);
            },
            token);
    }

private:
    bool push_with(T&& value, OverflowPolicy policy);
    [[nodiscard]] bool should_wake_producers() const noexcept;
    void wake_blocked_producers(bool wake);

    // Completes at once (posted) when values are queued or the channel is closed; otherwise
    // parks the receive until the next push() or close().
    template <class Take, class Handler>
    void initiate(Handler&& handler, std::size_t max);

    mutable std::mutex mutex_;
    std::condition_variable room_;  // Block producers wait here for a free slot
    detail::RingBuffer<T> ring_;
    std::unique_ptr<detail::PendingReceive<T>> pending_;  // non-null only while ring_ is empty
    std::size_t blocked_producers_ = 0;
    bool closed_ = false;
    std::atomic<std::uint64_t> dropped_{0};
    const OverflowPolicy overflow_;
    const boost::asio::any_io_executor executor_;
};

template <class T>
bool EventChannel<T>::push_with(T&& value, OverflowPolicy policy) {
    std::unique_ptr<detail::PendingReceive<T>> woken;
    {
        std::unique_lock lock(mutex_);
        if (policy == OverflowPolicy::Block) {
            ++blocked_producers_;
            room_.wait(lock, [this] { return closed_ || !ring_.full(); });
            --blocked_producers_;
        }
        if (closed_)
            return false;
        if (ring_.full()) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        ring_.push(std::move(value));
        if (!pending_)
            return true;
        woken = std::move(pending_);
        woken->take(ring_);
    }
    woken->complete({});
    return true;
}

template <class T>
std::size_t EventChannel<T>::try_push_all(std::vector<T>& values) {
    std::unique_ptr<detail::PendingReceive<T>> woken;
    std::size_t queued = 0;
    {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            for (T& value : values) {
                if (ring_.full())
                    break;
                ring_.push(std::move(value));
                ++queued;
            }
            dropped_.fetch_add(values.size() - queued, std::memory_order_relaxed);
        }
        if (queued != 0 && pending_) {
            woken = std::move(pending_);
            woken->take(ring_);
        }
    }
    values.clear();
    if (woken)
        woken->complete({});
    return queued;
}

template <class T>
void EventChannel<T>::close() {
    std::unique_ptr<detail::PendingReceive<T>> woken;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        woken = std::move(pending_);
    }
    room_.notify_all();
    if (woken)  // parked, so the ring is empty: nothing is lost
        woken->complete(boost::asio::error::eof);
}

template <class T>
bool EventChannel<T>::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

template <class T>
std::size_t EventChannel<T>::size() const {
    std::lock_guard lock(mutex_);
    return ring_.size();
}

template <class T>
bool EventChannel<T>::should_wake_producers() const noexcept {
    // Called with the mutex held, after the consumer took values. Blocked producers are woken
    // only once half the ring is free, not per value taken: waking them per value cost a futex
    // call for every event and cut one-at-a-time receives to a fraction of the batch rate.
    return blocked_producers_ > 0 && 2 * (ring_.capacity() - ring_.size()) >= ring_.capacity();
}

template <class T>
void EventChannel<T>::wake_blocked_producers(bool wake) {
    // notify_all: half the ring is free; a producer that finds it full again waits again.
    if (wake)
        room_.notify_all();
}

template <class T>
std::optional<T> EventChannel<T>::try_receive() {
    std::optional<T> value;
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        if (ring_.empty())
            return std::nullopt;
        value.emplace(ring_.pop());
        wake = should_wake_producers();
    }
    wake_blocked_producers(wake);
    return value;
}

template <class T>
std::size_t EventChannel<T>::try_receive_batch(std::vector<T>& out, std::size_t max) {
    std::size_t taken = 0;
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        taken = ring_.pop_into(out, max);
        wake = taken > 0 && should_wake_producers();
    }
    wake_blocked_producers(wake);
    return taken;
}

template <class T>
template <class Take, class Handler>
void EventChannel<T>::initiate(Handler&& handler, std::size_t max) {
    using Op = detail::PendingReceiveOp<T, Take, std::decay_t<Handler>>;
    std::optional<typename Take::Result> taken;
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        SC_ASSERT(!pending_, "EventChannel has one consumer: a receive is already outstanding");
        if (ring_.empty() && !closed_) {
            pending_ = std::make_unique<Op>(std::forward<Handler>(handler), executor_, max);
            return;
        }
        if (!ring_.empty()) {
            taken.emplace(Take::take(ring_, max));
            wake = should_wake_producers();
        }
    }
    wake_blocked_producers(wake);
    if (taken)
        detail::post_completion(std::forward<Handler>(handler), executor_, {}, std::move(*taken));
    else
        detail::post_completion(std::forward<Handler>(handler), executor_, boost::asio::error::eof,
                                Take::none());
}

}  // namespace sessioncore
