#pragma once
// SessionManager: the entry point of the session API. It owns the workers, the transports and
// the transaction layer, runs every session on the shard of its Call-ID, and reports what
// happens as typed events (events.hpp) through one bounded channel.
//
//   SessionManager sm{config};
//   sm.on_incoming_call([](Session call) { call.answer(); });
//   sm.start();
//   auto [ec, call] = co_await sm.make_call("sip:bob@127.0.0.1:5070", {}, as_tuple(use_awaitable));
//   co_await call.async_wait_for(CallState::Connected, use_awaitable);
//
// Every method is safe from any thread.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/error_code.hpp>

#include <sessioncore/session/call_state.hpp>
#include <sessioncore/session/detail/async.hpp>
#include <sessioncore/session/events.hpp>
#include <sessioncore/session/options.hpp>
#include <sessioncore/session/session.hpp>
#include <sessioncore/session/session_id.hpp>
#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore {
template <class T>
class EventChannel;
}

namespace sessioncore::session {

namespace detail {
class ManagerCore;
}

/// Which sessions list_sessions() returns; unset members match everything.
struct SessionFilter {
    std::optional<CallState> state;
    std::optional<CallDirection> direction;
    std::string call_id;  ///< the session's own Call-ID or the one it is linked to
};

/// What is alive right now; all return to 0 when every call has ended.
struct SessionCounts {
    std::size_t sessions = 0;
    std::size_t dialogs = 0;
    std::size_t transactions = 0;
};

class SessionManager {
public:
    explicit SessionManager(SessionManagerConfig config = {});
    /// stop() if still running.
    ~SessionManager();
    SessionManager(const SessionManager&) = delete;
    SessionManager& operator=(const SessionManager&) = delete;

    /// Called on the session's shard for each new incoming call, after CallIncoming was queued.
    /// Without a handler, calls wait for answer()/reject() through find_session() until
    /// limits.no_answer_timeout. Set it before start().
    void on_incoming_call(std::function<void(Session)> handler);

    /// Binds the listeners and starts the workers. Errors: the bind error.
    [[nodiscard]] boost::system::error_code start();
    /// Ends every live session (BYE/CANCEL/480, reason Shutdown), waits up to `grace` for the
    /// transactions to finish, then closes the transports and stops the workers. Idempotent.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

    /// The bound address of the first listener of that protocol.
    [[nodiscard]] std::optional<transport::Endpoint> local_endpoint(
        transport::Protocol protocol) const;

    /// Places a call. Completes once the INVITE is on its way, with the new Session, or with
    /// errc::bad_target, too_many_sessions, not_running, resolve_failed, bad_media. Signature
    /// void(boost::system::error_code, Session).
    /// With GCC 12, pass a named CallOptions inside a co_await expression, not a braced
    /// temporary: GCC 12 destroys such temporaries of a co_await operand wrongly (seen as a
    /// double free in tests/session/call_loopback_test.cpp before it was written that way).
    template <class Token>
    auto make_call(std::string target, CallOptions options, Token&& token) {
        return detail::async_via_callback<boost::system::error_code, Session>(
            executor(), std::forward<Token>(token),
            [this, target = std::move(target), options = std::move(options)](
                std::function<void(boost::system::error_code, Session)> complete) mutable {
                start_call(std::move(target), std::move(options), std::move(complete));
            });
    }

    /// The application's event stream: receive with async_receive / async_receive_batch.
    [[nodiscard]] EventChannel<Event>& events() noexcept;
    /// Events dropped because the channel was full.
    [[nodiscard]] std::uint64_t events_dropped() const noexcept;

    [[nodiscard]] std::optional<Session> find_session(SessionId id) const;
    /// The session whose dialog has this Call-ID, From tag and To tag (as in the messages: the
    /// caller's tag first), early dialogs included.
    [[nodiscard]] std::optional<Session> find_session_for_dialog(std::string_view call_id,
                                                                 std::string_view from_tag,
                                                                 std::string_view to_tag) const;
    /// Sessions with this Call-ID, and those linked to it, in id order.
    [[nodiscard]] std::vector<Session> get_sessions_for_call(std::string_view call_id) const;
    /// Groups a session with a Call-ID (e.g. the two legs of a B2BUA). Errors: no_such_session.
    boost::system::error_code link_session_to_call(SessionId id, std::string call_id);
    /// Snapshots of the live sessions that match, in id order.
    [[nodiscard]] std::vector<SessionInfo> list_sessions(const SessionFilter& filter = {}) const;

    [[nodiscard]] SessionCounts counts() const;

private:
    void start_call(std::string target, CallOptions options,
                    std::function<void(boost::system::error_code, Session)> complete);
    [[nodiscard]] boost::asio::any_io_executor executor() const;

    std::shared_ptr<detail::ManagerCore> core_;  // shared: records hold weak_ptrs to it
};

}  // namespace sessioncore::session
