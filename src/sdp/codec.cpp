#include <sessioncore/sdp/codec.hpp>

#include "text.hpp"

namespace sessioncore::sdp {
namespace {

Codec make(std::string name, std::uint32_t clock_rate, std::optional<std::uint8_t> static_pt) {
    Codec c;
    c.name = std::move(name);
    c.clock_rate = clock_rate;
    c.static_pt = static_pt;
    return c;
}

}  // namespace

bool Codec::is_telephone_event() const noexcept {
    return codec_names_equal(name, "telephone-event");
}

Codec pcmu() {
    return make("PCMU", 8000, 0);
}

Codec pcma() {
    return make("PCMA", 8000, 8);
}

Codec g722() {
    return make("G722", 8000, 9);
}

Codec opus(std::string fmtp) {
    Codec c = make("opus", 48000, std::nullopt);
    c.channels = 2;
    c.fmtp = std::move(fmtp);
    return c;
}

Codec telephone_event(std::uint32_t clock_rate) {
    Codec c = make("telephone-event", clock_rate, std::nullopt);
    c.fmtp = "0-16";
    return c;
}

bool codec_names_equal(std::string_view a, std::string_view b) noexcept {
    return detail::iequals(a, b);
}

bool same_format(const Codec& a, const Codec& b) noexcept {
    return codec_names_equal(a.name, b.name) && a.clock_rate == b.clock_rate &&
           a.channels.value_or(1) == b.channels.value_or(1);
}

std::optional<Codec> static_audio_codec(std::uint8_t payload_type) {
    // RFC 3551 §6, Table 4: the audio types still in use by phones.
    switch (payload_type) {
        case 0:
            return pcmu();
        case 3:
            return make("GSM", 8000, 3);
        case 4:
            return make("G723", 8000, 4);
        case 8:
            return pcma();
        case 9:
            return g722();
        case 13:
            return make("CN", 8000, 13);
        case 18:
            return make("G729", 8000, 18);
        default:
            return std::nullopt;
    }
}

}  // namespace sessioncore::sdp
