// make_answer: RFC 3264 §6, one answer m= line per offered one.
#include <sessioncore/sdp/offer_answer.hpp>

#include "negotiation.hpp"

namespace sessioncore::sdp {
namespace {

using detail::receives;
using detail::sends;

struct Chosen {
    std::uint8_t payload_type = 0;
    const Codec* local = nullptr;  ///< our entry, for the rtpmap spelling and our fmtp
    std::uint32_t clock_rate = 0;
};

/// §6: a stream is rejected by port 0; the formats are copied so the line stays valid.
MediaDescription rejected(const MediaDescription& offered) {
    MediaDescription m;
    m.media = offered.media;
    m.port = 0;
    m.proto = offered.proto;
    m.formats = offered.formats;
    return m;
}

/// A format of the offer with the codec it describes (rtpmap, or RFC 3551 for a static type).
struct Offered {
    std::uint8_t payload_type = 0;
    Codec codec;
};

/// The offer's formats that describe a codec, in the offer's order: built once per m= line,
/// then matched against each of our codecs.
std::vector<Offered> offered_codecs(const MediaDescription& offered) {
    std::vector<Offered> out;
    for (std::uint8_t pt : offered.payload_types())
        if (auto codec = detail::described_codec(offered, pt))
            out.push_back(Offered{pt, std::move(*codec)});
    return out;
}

/// The offered type of `local`, if the offer has it (the first one, if listed twice).
std::optional<std::uint8_t> offered_type(const std::vector<Offered>& offered, const Codec& local) {
    for (const Offered& o : offered)
        if (same_format(o.codec, local))
            return o.payload_type;
    return std::nullopt;
}

/// Our audio codecs that the offer has, in our order, with the offer's numbers (§6.1).
std::vector<Chosen> common_codecs(const std::vector<Offered>& offered,
                                  const MediaCapabilities& caps) {
    std::vector<Chosen> out;
    for (const Codec& local : caps.codecs) {
        if (local.is_telephone_event())
            continue;
        if (auto pt = offered_type(offered, local))
            out.push_back(Chosen{*pt, &local, local.clock_rate});
    }
    return out;
}

/// RFC 4733 §2.1: events share the stream's timestamps, so the rate of the selected codec is
/// best; any other rate we support and the offer has comes next.
std::optional<Chosen> telephone_event_for(const std::vector<Offered>& offered,
                                          const MediaCapabilities& caps, std::uint32_t rate) {
    std::optional<Chosen> fallback;
    for (const Codec& local : caps.codecs) {
        if (!local.is_telephone_event())
            continue;
        auto pt = offered_type(offered, local);
        if (!pt)
            continue;
        Chosen c{*pt, &local, local.clock_rate};
        if (local.clock_rate == rate)
            return c;
        if (!fallback)
            fallback = c;
    }
    return fallback;
}

/// §6.1 direction answering; an RFC 2543 hold (c=0.0.0.0, §8.4) forbids our sending.
Direction answer_direction(const SessionDescription& offer, const MediaDescription& offered,
                           Direction wanted) {
    Direction theirs = offer.direction(offered);
    bool they_receive = receives(theirs) && !detail::is_unspecified(offer.connection_for(offered));
    return detail::direction_from(they_receive && sends(wanted), sends(theirs) && receives(wanted));
}

std::optional<MediaDescription> accept(const SessionDescription& offer,
                                       const MediaDescription& offered,
                                       const MediaCapabilities& caps) {
    if (offered.media != detail::audio_media || offered.proto != detail::audio_proto ||
        offered.rejected())
        return std::nullopt;
    const std::vector<Offered> formats = offered_codecs(offered);
    std::vector<Chosen> chosen = common_codecs(formats, caps);
    if (chosen.empty())
        return std::nullopt;
    if (auto dtmf = telephone_event_for(formats, caps, chosen.front().clock_rate))
        chosen.push_back(*dtmf);
    MediaDescription m;
    m.media = offered.media;
    m.port = caps.port;
    m.proto = offered.proto;
    for (const Chosen& c : chosen)
        detail::append_format(m, c.payload_type, *c.local);
    if (caps.ptime)
        m.attributes.push_back(Attribute{"ptime", std::to_string(caps.ptime->count())});
    // RFC 5761 §5.1.1: only when offered.
    if (caps.rtcp_mux && offered.rtcp_mux())
        m.attributes.push_back(Attribute{"rtcp-mux", std::nullopt});
    Direction d = answer_direction(offer, offered, caps.direction);
    m.attributes.push_back(Attribute{std::string(to_string(d)), std::nullopt});
    return m;
}

NegotiatedStream rejected_stream(std::size_t index) {
    NegotiatedStream s;
    s.index = index;
    return s;
}

}  // namespace

Result<Answer> make_answer(const SessionDescription& offer, const MediaCapabilities& caps,
                           const OfferContext& context) {
    if (!detail::usable(caps))
        return Error{errc::invalid_capabilities, 0};
    Answer out;
    out.description = detail::base_description(caps, context);
    // One local port: the first acceptable audio line gets it, later ones are rejected.
    bool audio_taken = false;
    for (std::size_t i = 0; i < offer.media.size(); ++i) {
        const MediaDescription& offered = offer.media[i];
        auto m = audio_taken ? std::nullopt : accept(offer, offered, caps);
        if (!m) {
            out.description.media.push_back(rejected(offered));
            out.streams.push_back(rejected_stream(i));
            continue;
        }
        audio_taken = true;
        out.description.media.push_back(std::move(*m));
        detail::StreamView view;
        view.index = i;
        view.answer_m = &out.description.media.back();
        view.remote = &offer;
        view.remote_m = &offered;
        view.ours = *out.description.media.back().direction_attribute();
        view.rtcp_mux = out.description.media.back().rtcp_mux();
        out.streams.push_back(detail::summarize(view).value_or(rejected_stream(i)));
    }
    if (!audio_taken)
        return Error{errc::no_common_codec, 0};
    return out;
}

}  // namespace sessioncore::sdp
