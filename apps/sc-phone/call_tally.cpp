#include "call_tally.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace sessioncore::phone {

void CallTally::record(const session::Event& event) {
    const auto [it, fresh] = live_.try_emplace(session::session_of(event), false);
    if (fresh)
        ++calls_;
    if (const auto* changed = std::get_if<session::StateChanged>(&event)) {
        if (changed->to == session::CallState::Connected && !it->second) {
            it->second = true;
            ++connected_;
        }
        return;
    }
    if (std::holds_alternative<session::CallTerminated>(event)) {
        ++ended_;
        if (!it->second)
            ++failed_;
        live_.erase(it);
    }
}

std::string summary_json(const CallTally& tally, const session::SessionCounts& live,
                         std::uint64_t events_dropped) {
    boost::json::object out;
    out["event"] = "Summary";
    out["calls"] = tally.calls();
    out["connected"] = tally.connected();
    out["failed"] = tally.failed();
    out["live_sessions"] = live.sessions;
    out["live_dialogs"] = live.dialogs;
    out["live_transactions"] = live.transactions;
    out["events_dropped"] = events_dropped;
    return boost::json::serialize(out);
}

}  // namespace sessioncore::phone
