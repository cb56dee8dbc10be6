#pragma once
// What the session loopback tests share: a manager on 127.0.0.1 with shortened SIP timers,
// polling with a deadline, the live counts, and the event stream read back.
#include <chrono>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include <boost/system/system_error.hpp>

#include <sessioncore/base/event_channel.hpp>
#include <sessioncore/session/session_manager.hpp>

namespace sessioncore::session::test_support {

inline constexpr std::chrono::seconds deadline{10};

/// Two workers, UDP on 127.0.0.1 (any port), T1 = 50 ms so that the transactions' wait states
/// end within the tests' deadlines.
inline SessionManagerConfig loopback_config(std::size_t max_sessions = 1000) {
    using namespace std::chrono_literals;
    SessionManagerConfig config;
    config.workers = 2;
    transport::ListenSpec udp;
    udp.address = *transport::Endpoint::from_ip("127.0.0.1", 0);
    config.listen.push_back(udp);
    config.timers.t1 = 50ms;
    config.timers.t2 = 200ms;
    config.timers.t4 = 250ms;
    config.timers.timer_d = 500ms;
    config.limits.max_sessions = max_sessions;
    return config;
}

/// Polls `done` until it holds or `limit` passes.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = deadline) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (done())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
}

inline bool all_zero(const SessionManager& sm) {
    const auto c = sm.counts();
    return c.sessions == 0 && c.dialogs == 0 && c.transactions == 0;
}

/// Everything queued in a manager's event stream so far.
inline std::vector<Event> drain(SessionManager& sm) {
    std::vector<Event> out;
    sm.events().try_receive_batch(out, 1'000'000);
    return out;
}

/// The error a use_future operation completed with; timed_out after the deadline.
inline boost::system::error_code outcome(std::future<void>& done) {
    if (done.wait_for(deadline) != std::future_status::ready)
        return make_error_code(boost::system::errc::timed_out);
    try {
        done.get();
        return {};
    } catch (const boost::system::system_error& e) {
        return e.code();
    }
}

}  // namespace sessioncore::session::test_support
