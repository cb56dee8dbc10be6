#pragma once
// The dialog identifier (RFC 3261 §12): Call-ID, local tag and remote tag, seen from this UA.
// It owns its strings because a dialog outlives the messages that created it. Call-IDs and
// tags compare byte for byte (§19.3: tags are opaque tokens; §20.8: Call-ID is case-sensitive).

#include <compare>
#include <cstddef>
#include <functional>
#include <string>

namespace sessioncore::dialog {

struct DialogId {
    std::string call_id;
    std::string local_tag;   ///< our tag: From of requests we send, To of requests we receive
    std::string remote_tag;  ///< the peer's tag; may be empty for an RFC 2543 peer (§12.1.1)

    friend auto operator<=>(const DialogId&, const DialogId&) = default;
    friend bool operator==(const DialogId&, const DialogId&) = default;
};

/// Hash of all three fields, for unordered containers.
struct DialogIdHash {
    std::size_t operator()(const DialogId& id) const noexcept {
        std::hash<std::string> h;
        std::size_t seed = h(id.call_id);
        // Combine so that swapping local and remote tags gives another hash.
        seed ^= h(id.local_tag) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
        seed ^= h(id.remote_tag) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
        return seed;
    }
};

}  // namespace sessioncore::dialog

template <>
struct std::hash<sessioncore::dialog::DialogId> : sessioncore::dialog::DialogIdHash {};
