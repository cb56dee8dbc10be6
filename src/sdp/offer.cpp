// make_offer: our codecs on one RTP/AVP audio line (RFC 3264 §5).
#include <sessioncore/sdp/offer_answer.hpp>

#include "negotiation.hpp"

namespace sessioncore::sdp {
namespace {

// RFC 3551 §3: 96-127 are the dynamic payload types.
constexpr unsigned first_dynamic_pt = 96;
constexpr unsigned last_dynamic_pt = 127;

Error invalid() {
    return Error{errc::invalid_capabilities, 0};
}

}  // namespace

Result<SessionDescription> make_offer(const MediaCapabilities& caps, const OfferContext& context) {
    if (!detail::usable(caps))
        return invalid();
    SessionDescription offer = detail::base_description(caps, context);
    MediaDescription m;
    m.media = std::string(detail::audio_media);
    m.port = caps.port;
    m.proto = std::string(detail::audio_proto);
    unsigned next_dynamic = first_dynamic_pt;
    for (const Codec& codec : caps.codecs) {
        if (codec.static_pt) {
            detail::append_format(m, *codec.static_pt, codec);
            continue;
        }
        if (next_dynamic > last_dynamic_pt)
            return invalid();
        detail::append_format(m, static_cast<std::uint8_t>(next_dynamic++), codec);
    }
    if (caps.ptime)
        m.attributes.push_back(Attribute{"ptime", std::to_string(caps.ptime->count())});
    if (caps.rtcp_mux)
        m.attributes.push_back(Attribute{"rtcp-mux", std::nullopt});
    m.attributes.push_back(Attribute{std::string(to_string(caps.direction)), std::nullopt});
    offer.media.push_back(std::move(m));
    return offer;
}

}  // namespace sessioncore::sdp
