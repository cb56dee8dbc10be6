#include <sessioncore/session/events.hpp>

namespace sessioncore::session {

namespace {

// One overload per alternative, so adding an event type without naming it fails to compile.
constexpr std::string_view name_of(const CallIncoming&) noexcept {
    return "CallIncoming";
}
constexpr std::string_view name_of(const StateChanged&) noexcept {
    return "StateChanged";
}
constexpr std::string_view name_of(const CallProgress&) noexcept {
    return "CallProgress";
}
constexpr std::string_view name_of(const SdpNegotiated&) noexcept {
    return "SdpNegotiated";
}
constexpr std::string_view name_of(const CallTerminated&) noexcept {
    return "CallTerminated";
}

constexpr std::string_view name_of(const MediaStarted&) noexcept {
    return "MediaStarted";
}
constexpr std::string_view name_of(const MediaStopped&) noexcept {
    return "MediaStopped";
}
constexpr std::string_view name_of(const MediaQuality&) noexcept {
    return "MediaQuality";
}
constexpr std::string_view name_of(const DtmfReceived&) noexcept {
    return "DtmfReceived";
}
constexpr std::string_view name_of(const MediaFailed&) noexcept {
    return "MediaFailed";
}

}  // namespace

SessionId session_of(const Event& event) noexcept {
    return std::visit([](const auto& e) { return e.session; }, event);
}

std::string_view event_name(const Event& event) noexcept {
    return std::visit([](const auto& e) { return name_of(e); }, event);
}

}  // namespace sessioncore::session
