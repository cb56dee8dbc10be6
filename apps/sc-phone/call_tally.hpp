#pragma once
// What sc-phone saw of its calls, counted from the event stream, and the Summary line that
// reports it with what was still alive after the manager stopped.

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include <sessioncore/session/events.hpp>
#include <sessioncore/session/session_manager.hpp>

namespace sessioncore::phone {

class CallTally {
public:
    /// Counts one event: a session id seen for the first time is a call; StateChanged to
    /// Connected makes it connected; CallTerminated ends it (failed if it never connected).
    void record(const session::Event& event);

    [[nodiscard]] std::size_t calls() const noexcept { return calls_; }
    [[nodiscard]] std::size_t connected() const noexcept { return connected_; }
    [[nodiscard]] std::size_t failed() const noexcept { return failed_; }
    [[nodiscard]] std::size_t ended() const noexcept { return ended_; }

private:
    // The calls not yet ended, and whether each has connected. CallTerminated is a session's
    // last event (the session layer emits it once everything else of the call is done), so
    // its entry goes then: a long listen keeps no memory per finished call.
    std::unordered_map<session::SessionId, bool> live_;
    std::size_t calls_ = 0;
    std::size_t connected_ = 0;
    std::size_t failed_ = 0;
    std::size_t ended_ = 0;
};

/// {"event":"Summary","calls":N,"connected":K,"failed":F,"live_sessions":...,
/// "live_dialogs":...,"live_transactions":...,"events_dropped":...}, no newline.
std::string summary_json(const CallTally& tally, const session::SessionCounts& live,
                         std::uint64_t events_dropped);

}  // namespace sessioncore::phone
