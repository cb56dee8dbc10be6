#pragma once
// The name of one session (one call leg) for the lifetime of its SessionManager.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace sessioncore::session {

/// Ids are handed out in increasing order from 1; 0 is never a session.
struct SessionId {
    std::uint64_t value = 0;
    friend auto operator<=>(const SessionId&, const SessionId&) = default;
};

}  // namespace sessioncore::session

template <>
struct std::hash<sessioncore::session::SessionId> {
    std::size_t operator()(sessioncore::session::SessionId id) const noexcept {
        return std::hash<std::uint64_t>{}(id.value);
    }
};
