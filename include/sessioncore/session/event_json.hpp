#pragma once
// Events as JSON objects, one line each: {"event":"StateChanged","session":3,"at":"...",...}.
// The same text serves sc-phone's output, and later sessiond's WebSocket and webhooks.

#include <string>

#include <sessioncore/session/events.hpp>

namespace sessioncore::session {

/// One JSON object, no newline. "at" is ISO 8601 UTC with milliseconds; enums are their
/// to_string() names; every member of the struct appears.
std::string to_json(const Event& event);

}  // namespace sessioncore::session
