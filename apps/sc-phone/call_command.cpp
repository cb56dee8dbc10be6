// sc-phone call: one outgoing call, hung up --duration after it is answered.

#include <csignal>
#include <functional>
#include <iostream>
#include <optional>
#include <string>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sessioncore/session/session_manager.hpp>

#include "call_tally.hpp"
#include "commands.hpp"
#include "event_pump.hpp"
#include "manager_setup.hpp"
#include "media_actions.hpp"

namespace sessioncore::phone {
namespace {

namespace asio = boost::asio;
using session::CallState;
using session::TerminationReason;

// After our CANCEL/BYE (timeout or signal), how long the peer gets to finish the call before
// we stop anyway; the manager's stop() then ends what is left.
constexpr std::chrono::seconds finish_grace{10};

// The target, with ;transport=tcp when TCP was asked for and the URI names no transport.
std::string target_uri(const Options& options) {
    std::string uri = options.call.target;
    if (options.common.transport == TransportChoice::Tcp &&
        uri.find(";transport=") == std::string::npos)
        uri += ";transport=tcp";
    return uri;
}

class OutgoingCall {
public:
    OutgoingCall(asio::io_context& io, session::SessionManager& manager, const Options& options)
        : io_(io),
          manager_(manager),
          options_(options),
          pump_(manager.events(), io, [this](const session::Event& e) { on_event(e); }),
          media_(io, manager, options.common.media,
                 [this](session::SessionId, const std::string& message) {
                     // A phone told to play or send digits that cannot has failed its job.
                     failure_ = message;
                     finish_soon();
                 }),
          hangup_timer_(io),
          reinvite_timer_(io),
          deadline_timer_(io),
          signals_(io, SIGINT, SIGTERM) {}

    ExitStatus run() {
        pump_.start();
        place_call();
        arm_deadline(options_.call.timeout, [this] { on_timeout(); });
        wait_for_signal();
        io_.run();
        hangup_timer_.cancel();
        reinvite_timer_.cancel();
        deadline_timer_.cancel();
        signals_.cancel();
        stop_and_summarise(manager_, pump_, tally_, options_.common);
        return outcome();
    }

private:
    void place_call() {
        session::CallOptions call;
        call.from = options_.call.from;
        call.media = media_options(options_.common);
        manager_.make_call(
            target_uri(options_), call,
            asio::bind_executor(io_, [this](boost::system::error_code ec, session::Session placed) {
                if (!ec) {
                    session_ = placed.id();
                    media_.begin(placed);
                    return;
                }
                failure_ = "cannot call " + options_.call.target + ": " + ec.message();
                io_.stop();
            }));
    }

    void on_event(const session::Event& event) {
        tally_.record(event);
        media_.on_event(event);
        if (const auto* changed = std::get_if<session::StateChanged>(&event)) {
            if (changed->to == CallState::Connected && !connected_)
                on_connected(changed->session);
            return;
        }
        if (const auto* ended = std::get_if<session::CallTerminated>(&event)) {
            termination_ = *ended;
            io_.stop();
        }
    }

    void on_connected(session::SessionId id) {
        connected_ = true;
        session_ = id;
        deadline_timer_.cancel();
        if (options_.call.hold_after.count() > 0)
            after(options_.call.hold_after, [this] { hold(); });
        if (options_.call.duration.count() == 0)
            return;  // the peer hangs up
        hangup_timer_.expires_after(options_.call.duration);
        hangup_timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec)
                hang_up();
        });
    }

    void after(std::chrono::milliseconds delay, std::function<void()> then) {
        reinvite_timer_.expires_after(delay);
        reinvite_timer_.async_wait([then = std::move(then)](boost::system::error_code ec) {
            if (!ec)
                then();
        });
    }

    // The outcome shows in the event lines (SdpNegotiated, StateChanged); a failure is noted
    // for the exit status and the call goes on as it was.
    void hold() {
        auto call = session_ ? manager_.find_session(*session_) : std::nullopt;
        if (!call)
            return;
        call->async_hold(asio::bind_executor(io_, [this](boost::system::error_code ec) {
            if (ec) {
                failure_ = "hold failed: " + ec.message();
                return;
            }
            if (options_.call.resume_after.count() > 0)
                after(options_.call.resume_after, [this] { resume(); });
        }));
    }

    void resume() {
        auto call = session_ ? manager_.find_session(*session_) : std::nullopt;
        if (!call)
            return;
        call->async_resume(asio::bind_executor(io_, [this](boost::system::error_code ec) {
            if (ec)
                failure_ = "resume failed: " + ec.message();
        }));
    }

    void hang_up() {
        if (!session_)
            return;
        if (auto call = manager_.find_session(*session_))
            call->hangup();
    }

    void on_timeout() {
        timed_out_ = true;
        failure_ = "no answer within " + std::to_string(options_.call.timeout.count()) + " ms";
        finish_soon();
    }

    // The first signal hangs up (CANCEL or BYE) like a user would; a second one stops now.
    void wait_for_signal() {
        signals_.async_wait([this](boost::system::error_code ec, int) {
            if (ec)
                return;
            if (stopping_)
                return io_.stop();
            if (!connected_)
                failure_ = "stopped by a signal before the answer";
            finish_soon();
            wait_for_signal();
        });
    }

    // Hangs up and gives the peer finish_grace to answer our CANCEL or BYE.
    void finish_soon() {
        stopping_ = true;
        hang_up();
        arm_deadline(finish_grace, [this] { io_.stop(); });
    }

    template <class Action>
    void arm_deadline(std::chrono::milliseconds after, Action action) {
        deadline_timer_.expires_after(after);
        deadline_timer_.async_wait([action](boost::system::error_code ec) {
            if (!ec)
                action();
        });
    }

    ExitStatus outcome() const {
        if (timed_out_)
            return fail(ExitStatus::TimedOut, failure_);
        if (!failure_.empty())
            return fail(ExitStatus::CallFailed, failure_);
        if (!termination_)
            return fail(ExitStatus::CallFailed, "the call did not end");
        const auto& t = *termination_;
        const bool hung_up = t.reason == TerminationReason::LocalHangup ||
                             t.reason == TerminationReason::RemoteHangup;
        if (connected_ && hung_up)
            return ExitStatus::Ok;
        const std::string detail = t.status ? std::to_string(t.status) + " " + t.phrase : t.phrase;
        switch (t.reason) {
            case TerminationReason::Rejected:
                return fail(ExitStatus::CallFailed, "call rejected: " + detail);
            case TerminationReason::Timeout:
                return fail(ExitStatus::TimedOut, "call timed out: " + detail);
            case TerminationReason::TransportError:
                return fail(ExitStatus::CallFailed, "transport error: " + detail);
            default:
                return fail(ExitStatus::CallFailed,
                            "call ended: " + std::string(to_string(t.reason)) + " " + detail);
        }
    }

    static ExitStatus fail(ExitStatus status, const std::string& message) {
        std::cerr << "sc-phone: " << message << "\n";
        return status;
    }

    asio::io_context& io_;
    session::SessionManager& manager_;
    const Options& options_;
    CallTally tally_;
    EventPump pump_;
    MediaActions media_;
    asio::steady_timer hangup_timer_;
    asio::steady_timer reinvite_timer_;  // --hold-after, then --resume-after
    asio::steady_timer deadline_timer_;
    asio::signal_set signals_;
    std::optional<session::SessionId> session_;
    std::optional<session::CallTerminated> termination_;
    std::string failure_;  // set when we gave up or could not call
    bool connected_ = false;
    bool timed_out_ = false;
    bool stopping_ = false;
};

}  // namespace

ExitStatus run_call(const Options& options) {
    asio::io_context io;  // before the manager: its channel may hold a receive bound to io
    session::SessionManager manager(manager_config(options.common));
    if (auto failed = start_manager(manager, options.common))
        return *failed;
    OutgoingCall call(io, manager, options);
    return call.run();
}

}  // namespace sessioncore::phone
