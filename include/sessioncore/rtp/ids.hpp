#pragma once
// Distinct types for the RTP identifiers that are easy to mix up (STYLE.md §3 "Strong ids"):
// an SSRC is never a timestamp, a payload type never an event code. Sequence numbers and
// timestamps stay plain unsigned integers (std::uint16_t, std::uint32_t) because the
// algorithms of RFC 3550 appendix A are modular arithmetic on them.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace sessioncore::rtp {

/// A value of `Rep` that only compares with values of the same `Tag`.
template <class Tag, class Rep>
struct StrongId {
    Rep value{};
    friend auto operator<=>(const StrongId&, const StrongId&) = default;
};

/// A synchronization or contributing source identifier (RFC 3550 §3, §5.1).
using Ssrc = StrongId<struct SsrcTag, std::uint32_t>;

/// The 7-bit RTP payload type (RFC 3550 §5.1; RFC 3551 §6 for the static ones).
using PayloadType = StrongId<struct PayloadTypeTag, std::uint8_t>;

}  // namespace sessioncore::rtp

template <class Tag, class Rep>
struct std::hash<sessioncore::rtp::StrongId<Tag, Rep>> {
    std::size_t operator()(const sessioncore::rtp::StrongId<Tag, Rep>& id) const noexcept {
        return std::hash<Rep>{}(id.value);
    }
};
