#pragma once
// Turning sc-phone's common options into a running SessionManager.

#include <optional>

#include <sessioncore/session/options.hpp>
#include <sessioncore/session/session_manager.hpp>

#include "call_tally.hpp"
#include "event_pump.hpp"
#include "options.hpp"

namespace sessioncore::phone {

/// The codecs and SDP port of every call and answer.
session::MediaOptions media_options(const CommonOptions& common);

/// Listeners for the chosen transport(s) on the bind address, the codecs, the workers.
session::SessionManagerConfig manager_config(const CommonOptions& common);

/// Starts `manager`; on a bind error prints one line on stderr and returns CannotBind.
std::optional<ExitStatus> start_manager(session::SessionManager& manager,
                                        const CommonOptions& common);

/// Stops `manager` after the event loop ended, prints what is left in the channel and the
/// Summary line.
void stop_and_summarise(session::SessionManager& manager, EventPump& pump, const CallTally& tally,
                        const CommonOptions& common);

}  // namespace sessioncore::phone
