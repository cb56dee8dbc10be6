#pragma once
// Session: one call leg, as the application holds it. A cheap copyable handle; every method is
// safe from any thread (the work is posted to the session's shard, DESIGN.md "Runtime model").
// A handle outlives its session harmlessly: operations on an ended session do nothing, and
// async_wait_for() completes with errc::terminated / no_such_session.

#include <cstdint>
#include <memory>
#include <string>

#include <boost/system/error_code.hpp>

#include <sessioncore/session/call_state.hpp>
#include <sessioncore/session/detail/async.hpp>
#include <sessioncore/session/events.hpp>
#include <sessioncore/session/options.hpp>
#include <sessioncore/session/session_id.hpp>

namespace sessioncore::session {

namespace detail {
struct SessionRecord;
}

/// A snapshot of a session, taken when asked.
struct SessionInfo {
    SessionId id;
    CallDirection direction = CallDirection::Outgoing;
    CallState state = CallState::Initializing;
    Termination termination;
    std::string call_id;
    std::string local_tag;
    std::string remote_tag;  ///< empty until a dialog exists
    std::string local_uri;   ///< From for outgoing calls, To for incoming ones
    std::string remote_uri;
    std::string remote_target;   ///< the peer's Contact
    std::string local_sdp;       ///< the last description we sent
    std::string remote_sdp;      ///< the last one we received
    std::string linked_call_id;  ///< set by SessionManager::link_session_to_call()
    EventTime created_at{};
    EventTime connected_at{};  ///< zero until Connected
    EventTime ended_at{};      ///< zero until Terminated
};

class Session {
public:
    Session() = default;  ///< an empty handle
    explicit Session(std::shared_ptr<detail::SessionRecord> record) noexcept
        : record_(std::move(record)) {}

    [[nodiscard]] explicit operator bool() const noexcept { return record_ != nullptr; }
    [[nodiscard]] SessionId id() const noexcept;
    [[nodiscard]] CallState state() const noexcept;
    [[nodiscard]] SessionInfo info() const;

    /// Incoming: 200 OK with our SDP answer (or offer, when the INVITE had none).
    void answer(AnswerOptions options = {});
    /// Incoming, before answer: a final response (300-699; default 486 Busy Here).
    void reject(std::uint16_t status = 486, std::string reason = {});
    /// Incoming, before answer: 180 Ringing.
    void ringing();
    /// Incoming, before answer: 183 Session Progress with our SDP (early media).
    void progress(AnswerOptions options = {});
    /// Ends the call the way its state needs: CANCEL while our INVITE is pending, 603 for an
    /// incoming call not yet answered, BYE once connected. Nothing once terminating.
    void hangup();

    /// Completes with success once the session is in `state` (at once if it is), or with
    /// errc::terminated when it ends first (unless `state` is Terminated). Signature
    /// void(boost::system::error_code).
    template <class Token>
    auto async_wait_for(CallState state, Token&& token) {
        return detail::async_via_callback<boost::system::error_code>(
            executor(), std::forward<Token>(token),
            [this, state](std::function<void(boost::system::error_code)> complete) {
                start_wait(state, std::move(complete));
            });
    }

private:
    void start_wait(CallState state, std::function<void(boost::system::error_code)> complete) const;
    [[nodiscard]] boost::asio::any_io_executor executor() const;

    std::shared_ptr<detail::SessionRecord> record_;
};

}  // namespace sessioncore::session
