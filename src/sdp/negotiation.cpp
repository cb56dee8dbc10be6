#include "negotiation.hpp"

#include "text.hpp"

namespace sessioncore::sdp::detail {

Direction reversed(Direction d) noexcept {
    switch (d) {
        case Direction::SendOnly:
            return Direction::RecvOnly;
        case Direction::RecvOnly:
            return Direction::SendOnly;
        default:
            return d;
    }
}

Direction direction_from(bool send, bool receive) noexcept {
    if (send && receive)
        return Direction::SendRecv;
    if (send)
        return Direction::SendOnly;
    return receive ? Direction::RecvOnly : Direction::Inactive;
}

std::string addrtype_of(std::string_view address) {
    return address.find(':') == std::string_view::npos ? "IP4" : "IP6";
}

bool is_unspecified(const Connection* connection) noexcept {
    return connection && (connection->address == "0.0.0.0" || connection->address == "::");
}

std::optional<Codec> described_codec(const MediaDescription& m, std::uint8_t payload_type) {
    std::optional<Codec> codec;
    if (auto map = m.rtpmap(payload_type)) {
        codec.emplace();
        codec->name = map->encoding_name;
        codec->clock_rate = map->clock_rate;
        codec->channels = map->channels;
        if (payload_type < 96)
            codec->static_pt = payload_type;
    } else {
        codec = static_audio_codec(payload_type);
    }
    if (!codec)
        return codec;
    if (auto fmtp = m.fmtp(std::to_string(payload_type)))
        codec->fmtp = fmtp->parameters;
    return codec;
}

void append_format(MediaDescription& m, std::uint8_t payload_type, const Codec& codec) {
    std::string pt = std::to_string(payload_type);
    m.formats.push_back(pt);
    std::string map = pt + ' ' + codec.name + '/' + std::to_string(codec.clock_rate);
    if (codec.channels)
        map += '/' + std::to_string(*codec.channels);
    m.attributes.push_back(Attribute{"rtpmap", std::move(map)});
    if (!codec.fmtp.empty())
        m.attributes.push_back(Attribute{"fmtp", pt + ' ' + codec.fmtp});
}

bool usable(const MediaCapabilities& caps) noexcept {
    if (caps.address.empty() || caps.port == 0)
        return false;
    for (const Codec& c : caps.codecs)
        if (!c.is_telephone_event() && !c.name.empty() && c.clock_rate != 0)
            return true;
    return false;
}

SessionDescription base_description(const MediaCapabilities& caps, const OfferContext& context) {
    SessionDescription d;
    d.origin.username = caps.username.empty() ? "-" : caps.username;
    d.origin.sess_id = caps.session_id.empty() ? "0" : caps.session_id;
    d.origin.sess_version = std::to_string(context.session_version);
    d.origin.addrtype = addrtype_of(caps.address);
    d.origin.address = caps.address;
    d.session_name = context.session_name.empty() ? "-" : context.session_name;
    Connection c;
    c.addrtype = d.origin.addrtype;
    c.address = caps.address;
    d.connection = std::move(c);
    return d;
}

namespace {

void set_remote_addresses(NegotiatedStream& s, const StreamView& v) {
    const Connection* c = v.remote->connection_for(*v.remote_m);
    s.remote_address = c ? c->address : std::string();
    s.remote_port = v.remote_m->port;
    s.rtcp_mux = v.rtcp_mux;
    s.remote_rtcp_address = s.remote_address;
    if (v.rtcp_mux) {
        s.remote_rtcp_port = s.remote_port;
        return;
    }
    // RFC 3605 §2.1: a=rtcp gives the port (and maybe the address); without it, RTP port + 1
    // (RFC 3550 §11).
    if (auto rtcp = v.remote_m->rtcp()) {
        s.remote_rtcp_port = rtcp->port;
        if (rtcp->address)
            s.remote_rtcp_address = rtcp->address->address;
        return;
    }
    s.remote_rtcp_port = static_cast<std::uint16_t>(s.remote_port + 1);
}

}  // namespace

std::optional<NegotiatedStream> summarize(const StreamView& v) {
    NegotiatedStream s;
    s.index = v.index;
    s.accepted = true;
    bool have_codec = false;
    for (std::uint8_t pt : v.answer_m->payload_types()) {
        auto codec = described_codec(*v.remote_m, pt);
        if (!codec && v.codec_fallback)
            codec = described_codec(*v.codec_fallback, pt);
        if (!codec)
            continue;
        if (codec->is_telephone_event()) {
            if (!s.telephone_event_pt) {
                s.telephone_event_pt = pt;
                s.telephone_event_rate = codec->clock_rate;
            }
        } else if (!have_codec) {
            s.payload_type = pt;
            s.codec = std::move(*codec);
            have_codec = true;
        }
    }
    if (!have_codec)
        return std::nullopt;
    set_remote_addresses(s, v);
    bool unreachable = is_unspecified(v.remote->connection_for(*v.remote_m));
    s.send = sends(v.ours) && !unreachable;
    s.receive = receives(v.ours);
    s.remote_ptime = v.remote_m->ptime();
    return s;
}

}  // namespace sessioncore::sdp::detail
