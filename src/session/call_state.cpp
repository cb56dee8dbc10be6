#include <sessioncore/session/call_state.hpp>

namespace sessioncore::session {

// The names are part of the JSON output (event_json.cpp) and of sc-phone's interface: they are
// the enumerators' own spelling, so a test or script can compare them with the C++ names.

std::string_view to_string(CallState state) noexcept {
    switch (state) {
        case CallState::Initializing:
            return "Initializing";
        case CallState::Dialing:
            return "Dialing";
        case CallState::Ringing:
            return "Ringing";
        case CallState::EarlyMedia:
            return "EarlyMedia";
        case CallState::Connected:
            return "Connected";
        case CallState::OnHold:
            return "OnHold";
        case CallState::Terminating:
            return "Terminating";
        case CallState::Terminated:
            return "Terminated";
    }
    return "Unknown";
}

std::string_view to_string(CallDirection direction) noexcept {
    switch (direction) {
        case CallDirection::Outgoing:
            return "Outgoing";
        case CallDirection::Incoming:
            return "Incoming";
    }
    return "Unknown";
}

std::string_view to_string(TerminationReason reason) noexcept {
    switch (reason) {
        case TerminationReason::None:
            return "None";
        case TerminationReason::LocalHangup:
            return "LocalHangup";
        case TerminationReason::RemoteHangup:
            return "RemoteHangup";
        case TerminationReason::Rejected:
            return "Rejected";
        case TerminationReason::Cancelled:
            return "Cancelled";
        case TerminationReason::Timeout:
            return "Timeout";
        case TerminationReason::TransportError:
            return "TransportError";
        case TerminationReason::BadRemoteAnswer:
            return "BadRemoteAnswer";
        case TerminationReason::Shutdown:
            return "Shutdown";
        case TerminationReason::Failed:
            return "Failed";
        case TerminationReason::MediaTimeout:
            return "MediaTimeout";
    }
    return "Unknown";
}

}  // namespace sessioncore::session
