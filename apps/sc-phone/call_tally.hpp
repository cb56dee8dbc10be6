#pragma once
// What sc-phone saw of its calls, counted from the event stream, and the Summary line that
// reports it with what was still alive after the manager stopped.

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>

#include <sessioncore/session/events.hpp>
#include <sessioncore/session/session_manager.hpp>

namespace sessioncore::phone {

class CallTally {
public:
    /// Counts one event: a session id seen for the first time is a call; StateChanged to
    /// Connected makes it connected; CallTerminated ends it (failed if it never connected).
    void record(const session::Event& event);

    [[nodiscard]] std::size_t calls() const noexcept { return seen_.size(); }
    [[nodiscard]] std::size_t connected() const noexcept { return connected_.size(); }
    [[nodiscard]] std::size_t failed() const noexcept { return failed_; }
    [[nodiscard]] std::size_t ended() const noexcept { return ended_; }

private:
    std::unordered_set<session::SessionId> seen_;
    std::unordered_set<session::SessionId> connected_;
    std::size_t failed_ = 0;
    std::size_t ended_ = 0;
};

/// {"event":"Summary","calls":N,"connected":K,"failed":F,"live_sessions":...,
/// "live_dialogs":...,"live_transactions":...,"events_dropped":...}, no newline.
std::string summary_json(const CallTally& tally, const session::SessionCounts& live,
                         std::uint64_t events_dropped);

}  // namespace sessioncore::phone
