#pragma once
// The RFC 4733 telephone-event payload (§2.3): one 4-octet event report per RTP packet.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     event     |E|R| volume    |          duration             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include <sessioncore/rtp/error.hpp>

namespace sessioncore::rtp {

inline constexpr std::size_t telephone_event_payload_size = 4;
inline constexpr std::uint8_t max_event_volume = 63;
/// The longest duration one report can carry (§2.5.1.3): longer events go on in segments.
inline constexpr std::uint32_t max_event_duration = 0xFFFF;
/// RFC 4733 §3.2: events 0-9 are the digits, then *, #, A-D; 16 is flash.
inline constexpr std::uint8_t flash_event = 16;

struct TelephoneEvent {
    std::uint8_t event = 0;
    bool end = false;            ///< E: the last report(s) of the event
    std::uint8_t volume = 0;     ///< power level in -dBm0, 0-63 (§2.3.4)
    std::uint16_t duration = 0;  ///< since the event (segment) began, in timestamp units
    friend bool operator==(const TelephoneEvent&, const TelephoneEvent&) = default;
};

/// Reads a telephone-event payload; the reserved R bit is ignored (§2.3.3). Errors:
/// telephone_event_size when the payload is not exactly one report (redundant or packed
/// reports are not accepted).
[[nodiscard]] Result<TelephoneEvent> parse_telephone_event(
    std::span<const std::byte> payload) noexcept;

/// Writes the 4 octets of `event` (R = 0) and returns 4. Errors: bad_telephone_event (volume
/// over 63), buffer_too_small.
[[nodiscard]] Result<std::size_t> encode_to(const TelephoneEvent& event,
                                            std::span<std::byte> out) noexcept;

/// The event code of a DTMF key: '0'-'9', '*', '#', 'A'-'D' (or 'a'-'d'); nullopt otherwise.
[[nodiscard]] std::optional<std::uint8_t> dtmf_event_for(char key) noexcept;
/// The key of a DTMF event code 0-15 ('A'-'D' upper case); nullopt for any other code.
[[nodiscard]] std::optional<char> dtmf_key_for(std::uint8_t event) noexcept;

}  // namespace sessioncore::rtp
