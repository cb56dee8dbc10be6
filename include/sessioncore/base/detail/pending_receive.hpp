#pragma once
// The pieces of EventChannel's asynchronous receive that depend on the handler type: how a
// receive takes values out of the ring (one, or a batch), how its completion is posted, and the
// type-erased holder of a receive that waits for a push. Boost 1.81 has no
// any_completion_handler (that is 1.82), so the holder is our own: a small virtual base with one
// heap-allocated implementation per handler type. Move-only handlers (use_awaitable's) work
// because the holder only ever moves its handler.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/system/error_code.hpp>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/base/detail/ring_buffer.hpp>

namespace sessioncore::detail {

/// async_receive: one value per completion. On an error the handler gets a default T.
template <class T>
struct TakeOne {
    using Result = T;
    static Result take(RingBuffer<T>& ring, std::size_t /*max*/) { return ring.pop(); }
    static Result none() { return T{}; }
};

/// async_receive_batch: up to `max` values per completion, oldest first.
template <class T>
struct TakeBatch {
    using Result = std::vector<T>;
    static Result take(RingBuffer<T>& ring, std::size_t max) {
        Result out;
        out.reserve(std::min(max, ring.size()));
        ring.pop_into(out, max);
        return out;
    }
    static Result none() { return {}; }
};

/// Where a completion runs: the handler's associated executor, else the channel's fallback.
/// A handler with neither has nowhere to run: that is a programming error.
template <class Handler>
auto completion_executor(const Handler& handler, const boost::asio::any_io_executor& fallback) {
    auto executor = boost::asio::get_associated_executor(handler, fallback);
    if constexpr (std::is_same_v<decltype(executor), boost::asio::any_io_executor>)
        SC_ASSERT(static_cast<bool>(executor),
                  "EventChannel: the handler has no associated executor and the channel none");
    return executor;
}

/// Posts `handler(ec, result)` to its executor; never runs it inside the caller (Asio's rule
/// for asynchronous operations, so a completion never re-enters the code that started it).
template <class Handler, class Result>
void post_completion(Handler&& handler, const boost::asio::any_io_executor& fallback,
                     boost::system::error_code ec, Result&& result) {
    auto executor = completion_executor(handler, fallback);
    boost::asio::post(executor, boost::asio::append(std::forward<Handler>(handler), ec,
                                                    std::forward<Result>(result)));
}

/// A receive parked until a value is pushed or the channel is closed.
template <class T>
class PendingReceive {
public:
    virtual ~PendingReceive() = default;
    /// Called with the channel's mutex held, on a non-empty ring: takes this receive's values.
    virtual void take(RingBuffer<T>& ring) = 0;
    /// Called without the mutex: posts the completion (with the taken values, or none and `ec`).
    virtual void complete(boost::system::error_code ec) = 0;
};

template <class T, class Take, class Handler>
class PendingReceiveOp final : public PendingReceive<T> {
public:
    PendingReceiveOp(Handler&& handler, const boost::asio::any_io_executor& fallback,
                     std::size_t max)
        : work_(boost::asio::prefer(completion_executor(handler, fallback),
                                    boost::asio::execution::outstanding_work.tracked)),
          fallback_(fallback),
          handler_(std::move(handler)),
          max_(max) {}

    void take(RingBuffer<T>& ring) override { result_.emplace(Take::take(ring, max_)); }

    void complete(boost::system::error_code ec) override {
        if (result_)
            post_completion(std::move(handler_), fallback_, ec, std::move(*result_));
        else
            post_completion(std::move(handler_), fallback_, ec, Take::none());
    }

private:
    // Keeps the handler's execution context running (e.g. io_context::run() from returning)
    // while the receive waits for another thread to push.
    using Work = std::decay_t<decltype(boost::asio::prefer(
        std::declval<boost::asio::associated_executor_t<Handler, boost::asio::any_io_executor>>(),
        boost::asio::execution::outstanding_work.tracked))>;

    Work work_;
    boost::asio::any_io_executor fallback_;
    Handler handler_;
    std::size_t max_;
    std::optional<typename Take::Result> result_;
};

}  // namespace sessioncore::detail
