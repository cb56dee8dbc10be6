#pragma once
// A codec as the application describes it for offer/answer (RFC 3264): what goes into an
// a=rtpmap (and a=fmtp) line. Helpers for the usual telephony set.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sessioncore::sdp {

/// One RTP payload format the local side can send and receive.
struct Codec {
    std::string name;                       ///< encoding name, e.g. "PCMU", "opus"
    std::uint32_t clock_rate = 0;           ///< RTP clock rate in Hz
    std::optional<std::uint16_t> channels;  ///< audio channels; absent means 1 (RFC 8866 §6.6)
    std::optional<std::uint8_t> static_pt;  ///< RFC 3551 static payload type; absent: dynamic
    std::string fmtp;                       ///< format parameters for a=fmtp, "" for none

    friend bool operator==(const Codec&, const Codec&) = default;

    /// RFC 4733 DTMF events ("telephone-event"), which ride along the chosen audio codec.
    [[nodiscard]] bool is_telephone_event() const noexcept;
};

/// G.711 mu-law, static payload type 0 (RFC 3551 §6).
Codec pcmu();
/// G.711 A-law, static payload type 8 (RFC 3551 §6).
Codec pcma();
/// G.722, static payload type 9; its RTP clock is 8000 although it samples at 16 kHz
/// (RFC 3551 §4.5.2).
Codec g722();
/// Opus, dynamic, always "opus/48000/2" (RFC 7587 §7); `fmtp` defaults to in-band FEC on.
Codec opus(std::string fmtp = "useinbandfec=1");
/// RFC 4733 telephone-event at `clock_rate` (dynamic), events 0-16 (DTMF and flash).
Codec telephone_event(std::uint32_t clock_rate = 8000);

/// Encoding names compare case-insensitively (RFC 4855 §3: "PCMU" == "pcmu").
bool codec_names_equal(std::string_view a, std::string_view b) noexcept;

/// Same payload format: equal names (case-insensitive), clock rates and channel counts (absent
/// counts as 1). Payload types and fmtp do not take part.
bool same_format(const Codec& a, const Codec& b) noexcept;

/// The RFC 3551 §6 audio codec a static payload type names when a description gives no
/// a=rtpmap for it (e.g. "m=audio 5004 RTP/AVP 0"); nullopt for unassigned or non-audio types.
std::optional<Codec> static_audio_codec(std::uint8_t payload_type);

}  // namespace sessioncore::sdp
