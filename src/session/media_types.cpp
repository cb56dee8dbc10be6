#include <sessioncore/session/media_types.hpp>

namespace sessioncore::session {

// Spelled as the enumerators, like CallState's names (call_state.cpp).
std::string_view to_string(MediaState state) noexcept {
    switch (state) {
        case MediaState::None:
            return "None";
        case MediaState::Negotiating:
            return "Negotiating";
        case MediaState::Configured:
            return "Configured";
        case MediaState::Active:
            return "Active";
        case MediaState::Paused:
            return "Paused";
        case MediaState::Failed:
            return "Failed";
    }
    return "Unknown";
}

}  // namespace sessioncore::session
