#pragma once
// Turns an Asio completion token into a plain copyable callback for the non-template code in
// src/session: the handler (move-only for use_awaitable) is kept behind a shared_ptr, and the
// result is posted to the handler's associated executor, so it never runs inside the call that
// started the operation. Boost 1.81 has no any_completion_handler (1.82), hence this.

#include <functional>
#include <memory>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

namespace sessioncore::session::detail {

/// `start` is called with a std::function<void(Args...)> that completes the operation; call it
/// exactly once, from any thread.
template <class... Args, class Token, class Start>
auto async_via_callback(const boost::asio::any_io_executor& fallback, Token&& token,
                        Start&& start) {
    return boost::asio::async_initiate<Token, void(Args...)>(
        [fallback](auto handler, auto start_fn) {
            auto executor = boost::asio::get_associated_executor(handler, fallback);
            auto tracked =
                boost::asio::prefer(executor, boost::asio::execution::outstanding_work.tracked);
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            std::function<void(Args...)> complete = [shared, tracked](Args... args) {
                boost::asio::post(tracked,
                                  [shared, args...]() mutable { (*shared)(std::move(args)...); });
            };
            start_fn(std::move(complete));
        },
        token, std::forward<Start>(start));
}

}  // namespace sessioncore::session::detail
