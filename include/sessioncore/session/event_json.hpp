#pragma once
// Events as JSON objects, one line each: {"event":"StateChanged","session":3,"at":"...",...}.
// The same text serves sc-phone's output, and later sessiond's WebSocket and webhooks.

#include <string>

#include <sessioncore/session/events.hpp>

namespace sessioncore::session {

/// One JSON object, no newline. "at" is ISO 8601 UTC with milliseconds; enums are their
/// to_string() names; every member of the struct appears.
std::string to_json(const Event& event);

/// The same object appended to `out` (no newline), so that a consumer writing many events can
/// reuse one string.
void append_json(const Event& event, std::string& out);

}  // namespace sessioncore::session
