#include "call_tally.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace sessioncore::phone {

void CallTally::record(const session::Event& event) {
    const session::SessionId id = session::session_of(event);
    seen_.insert(id);
    if (const auto* changed = std::get_if<session::StateChanged>(&event)) {
        if (changed->to == session::CallState::Connected)
            connected_.insert(id);
        return;
    }
    if (std::holds_alternative<session::CallTerminated>(event)) {
        ++ended_;
        if (!connected_.contains(id))
            ++failed_;
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
