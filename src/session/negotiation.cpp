#include "negotiation.hpp"

#include <sessioncore/sdp/codec.hpp>

namespace sessioncore::session::detail {

namespace {

std::optional<sdp::Codec> codec_named(std::string_view name) {
    if (sdp::codec_names_equal(name, "PCMU"))
        return sdp::pcmu();
    if (sdp::codec_names_equal(name, "PCMA"))
        return sdp::pcma();
    if (sdp::codec_names_equal(name, "G722"))
        return sdp::g722();
    if (sdp::codec_names_equal(name, "opus"))
        return sdp::opus();
    if (sdp::codec_names_equal(name, "telephone-event"))
        return sdp::telephone_event();
    return std::nullopt;
}

const sdp::NegotiatedStream* first_accepted(const std::vector<sdp::NegotiatedStream>& streams) {
    for (const auto& stream : streams)
        if (stream.accepted)
            return &stream;
    return nullptr;
}

}  // namespace

sdp::Result<sdp::MediaCapabilities> capabilities_of(const MediaOptions& media,
                                                    std::string_view address, std::uint16_t port,
                                                    sdp::Direction direction) {
    sdp::MediaCapabilities caps;
    for (const auto& name : media.codecs) {
        auto codec = codec_named(name);
        if (!codec)
            return sdp::Error{sdp::errc::invalid_capabilities, 0};
        caps.codecs.push_back(std::move(*codec));
    }
    caps.address = std::string(address);
    caps.port = port;
    caps.direction = direction;
    return caps;
}

sdp::Direction Negotiation::offer_direction() const noexcept {
    if (!local_hold_)
        return sdp::Direction::SendRecv;
    // §8.4: a sendrecv stream is held with sendonly, a recvonly one (the peer holds us: we may
    // not send) with inactive.
    const auto* stream = first_accepted(state_.negotiated());
    return stream && !stream->send ? sdp::Direction::Inactive : sdp::Direction::SendOnly;
}

sdp::Result<std::string> Negotiation::make_offer(const MediaOptions& media,
                                                 std::string_view address, std::uint16_t port) {
    auto caps = capabilities_of(media, address, port, offer_direction());
    if (!caps)
        return caps.error();
    return state_.local_offer(*caps);
}

sdp::Result<void> Negotiation::take_offer(std::string_view body) {
    return state_.remote_offer(body);
}

sdp::Result<void> Negotiation::take_answer(std::string_view body) {
    auto streams = state_.remote_answer(body);
    if (!streams)
        return streams.error();
    return {};
}

sdp::Result<std::string> Negotiation::local_description(const MediaOptions& media,
                                                        std::string_view address,
                                                        std::uint16_t port) {
    if (state_.state() != sdp::OfferAnswerState::OfferReceived)
        return make_offer(media, address, port);
    // Answering while we hold: sendonly as what we want, which §6.1 narrows to inactive when
    // the offer is sendonly or inactive.
    auto caps = capabilities_of(media, address, port,
                                local_hold_ ? sdp::Direction::SendOnly : sdp::Direction::SendRecv);
    if (!caps)
        return caps.error();
    return state_.local_answer(*caps);
}

bool Negotiation::on_hold() const noexcept {
    const auto* stream = first_accepted(state_.negotiated());
    return stream && !(stream->send && stream->receive);
}

const sdp::NegotiatedStream* Negotiation::stream() const noexcept {
    return first_accepted(state_.negotiated());
}

NegotiationSummary Negotiation::summary() const {
    NegotiationSummary summary;
    const auto* stream = first_accepted(state_.negotiated());
    if (!stream)
        return summary;
    summary.codec = stream->codec.name;
    summary.payload_type = stream->payload_type;
    summary.remote_address = stream->remote_address;
    summary.remote_port = stream->remote_port;
    summary.direction = stream->send && stream->receive ? "sendrecv"
                        : stream->send                  ? "sendonly"
                        : stream->receive               ? "recvonly"
                                                        : "inactive";
    return summary;
}

}  // namespace sessioncore::session::detail
