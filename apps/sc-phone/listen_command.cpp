// sc-phone listen: answers or rejects incoming calls, hangs up itself with --hangup-after.

#include <csignal>
#include <iostream>
#include <memory>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
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

// One incoming call and its one timer (ring delay, then answer delay, then hangup-after).
struct IncomingCall {
    IncomingCall(asio::io_context& io, session::Session s) : call(std::move(s)), timer(io) {}
    session::Session call;
    asio::steady_timer timer;
};

class Listener {
public:
    Listener(asio::io_context& io, session::SessionManager& manager, const Options& options)
        : io_(io),
          manager_(manager),
          options_(options),
          pump_(manager.events(), io, [this](const session::Event& e) { on_event(e); }),
          media_(io, manager, options.common.media,
                 [](session::SessionId id, const std::string& message) {
                     std::cerr << "sc-phone: session " << id.value << ": " << message << "\n";
                 }),
          signals_(io, SIGINT, SIGTERM),
          linger_(io) {}

    /// The manager's handler; runs on the session's shard. A call that needs no timer is
    /// answered (or rejected) right here: handing it to the main thread first would cost two
    /// thread wake-ups per call. Any other call goes to the main thread, where the timers and
    /// the table of calls live.
    void offer(session::Session call) {
        media_.begin(call);
        const auto& listen = options_.listen;
        if (listen.ring_delay.count() == 0 && listen.answer_delay.count() == 0 &&
            listen.hangup_after.count() == 0) {
            call.ringing();
            settle(call);
            return;
        }
        asio::post(io_, [this, call = std::move(call)]() mutable { on_offered(std::move(call)); });
    }

    ExitStatus run() {
        pump_.start();
        signals_.async_wait([this](boost::system::error_code ec, int) {
            if (!ec)
                io_.stop();
        });
        io_.run();
        calls_.clear();  // cancels every timer
        signals_.cancel();
        linger_.cancel();
        stop_and_summarise(manager_, pump_, tally_, options_.common);
        return ExitStatus::Ok;
    }

private:
    void on_offered(session::Session call) {
        if (call.state() == CallState::Terminated)
            return;  // cancelled before we saw it; its CallTerminated has been counted
        auto [it, fresh] = calls_.try_emplace(call.id(), nullptr);
        if (!fresh)
            return;
        it->second = std::make_unique<IncomingCall>(io_, call);
        after(*it->second, options_.listen.ring_delay, [this](IncomingCall& c) { ring(c); });
    }

    void ring(IncomingCall& c) {
        c.call.ringing();
        after(c, options_.listen.answer_delay,
              [this](IncomingCall& ringing) { settle(ringing.call); });
    }

    /// Answers or rejects, as the options say.
    void settle(session::Session& call) const {
        if (options_.listen.action == IncomingAction::Answer) {
            session::AnswerOptions answer;
            answer.media = media_options(options_.common);
            call.answer(answer);
        } else {
            call.reject(options_.listen.reject_status);
        }
    }

    // Runs `step` on `c` after `delay` (at once for zero), unless the call ended meanwhile:
    // its entry, and with it the timer, is gone then, and the wait completes as aborted.
    template <class Step>
    void after(IncomingCall& c, std::chrono::milliseconds delay, Step step) {
        if (delay.count() == 0)
            return step(c);
        c.timer.expires_after(delay);
        c.timer.async_wait([this, id = c.call.id(), step](boost::system::error_code ec) {
            auto it = calls_.find(id);
            if (!ec && it != calls_.end())
                step(*it->second);
        });
    }

    void on_event(const session::Event& event) {
        tally_.record(event);
        media_.on_event(event);
        if (const auto* changed = std::get_if<session::StateChanged>(&event)) {
            if (changed->to == CallState::Connected)
                on_connected(changed->session);
            return;
        }
        if (const auto* ended = std::get_if<session::CallTerminated>(&event)) {
            calls_.erase(ended->session);
            const auto max = options_.listen.max_calls;
            if (max != 0 && tally_.ended() >= max) {
                // Keep the sockets open a while for the peer's last messages (a TCP peer may
                // still be reading or pausing in its scenario).
                linger_.expires_after(options_.listen.linger);
                linger_.async_wait([this](boost::system::error_code) { io_.stop(); });
            }
        }
    }

    void on_connected(session::SessionId id) {
        auto it = calls_.find(id);
        if (it == calls_.end() || options_.listen.hangup_after.count() == 0)
            return;
        after(*it->second, options_.listen.hangup_after, [](IncomingCall& c) { c.call.hangup(); });
    }

    asio::io_context& io_;
    session::SessionManager& manager_;
    const Options& options_;
    CallTally tally_;
    EventPump pump_;
    MediaActions media_;
    asio::signal_set signals_;
    asio::steady_timer linger_;
    std::unordered_map<session::SessionId, std::unique_ptr<IncomingCall>> calls_;
};

}  // namespace

ExitStatus run_listen(const Options& options) {
    asio::io_context io;  // before the manager: its channel may hold a receive bound to io
    session::SessionManager manager(manager_config(options.common));
    Listener listener(io, manager, options);  // before start(): calls may come at once
    manager.on_incoming_call([&listener](session::Session call) { listener.offer(call); });
    if (auto failed = start_manager(manager, options.common))
        return *failed;
    return listener.run();
}

}  // namespace sessioncore::phone
