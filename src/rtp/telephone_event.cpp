// RFC 4733 telephone-event payloads (§2.3) and the DTMF codes (§3.2).
#include <string_view>

#include <sessioncore/rtp/telephone_event.hpp>

#include "wire.hpp"

namespace sessioncore::rtp {
namespace {

// Event codes 0-15 in order (§3.2, Table 3).
constexpr std::string_view dtmf_keys = "0123456789*#ABCD";

}  // namespace

Result<TelephoneEvent> parse_telephone_event(std::span<const std::byte> payload) noexcept {
    if (payload.size() != telephone_event_payload_size)
        return errc::telephone_event_size;
    std::uint8_t flags = wire::u8(payload, 1);
    return TelephoneEvent{wire::u8(payload, 0), (flags & 0x80) != 0,
                          static_cast<std::uint8_t>(flags & 0x3F), wire::u16(payload, 2)};
}

Result<std::size_t> encode_to(const TelephoneEvent& event, std::span<std::byte> out) noexcept {
    if (event.volume > max_event_volume)
        return errc::bad_telephone_event;
    if (out.size() < telephone_event_payload_size)
        return errc::buffer_too_small;
    wire::put_u8(out, 0, event.event);
    wire::put_u8(out, 1, static_cast<std::uint8_t>((event.end ? 0x80 : 0) | event.volume));
    wire::put_u16(out, 2, event.duration);
    return telephone_event_payload_size;
}

std::optional<std::uint8_t> dtmf_event_for(char key) noexcept {
    if (key >= 'a' && key <= 'd')
        key = static_cast<char>(key - 'a' + 'A');
    auto at = dtmf_keys.find(key);
    if (key == '\0' || at == std::string_view::npos)
        return std::nullopt;
    return static_cast<std::uint8_t>(at);
}

std::optional<char> dtmf_key_for(std::uint8_t event) noexcept {
    if (event >= dtmf_keys.size())
        return std::nullopt;
    return dtmf_keys[event];
}

}  // namespace sessioncore::rtp
