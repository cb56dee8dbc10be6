// Fuzz target: the SDP parser, its typed accessors, the canonical encoder and offer/answer.
//
// For each input: parse it, read every accessor of every media section, encode and parse again.
// Properties checked (SC_FUZZ_CHECK):
//  - an error names a known code and a line no further than the input's line count + 1;
//  - what parses encodes to a description that parses and is equal to it (parse → encode →
//    parse), and the encoding is a fixed point;
//  - what parses under tight Limits parses under the default ones;
//  - an answer make_answer() gives to what parses has one m= line per offered one, parses back
//    to itself, and apply_answer() accepts it with the same streams accepted.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <sessioncore/sdp/attributes.hpp>
#include <sessioncore/sdp/offer_answer.hpp>
#include <sessioncore/sdp/parser.hpp>

#include "fuzz_check.hpp"

namespace sdp = sessioncore::sdp;

namespace {

void touch(const sdp::Error& e, std::string_view input) {
    SC_FUZZ_CHECK(!e.message().empty());
    auto lines = static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n'));
    SC_FUZZ_CHECK(e.line <= lines + 2);
}

void exercise(const sdp::SessionDescription& d) {
    for (const sdp::MediaDescription& m : d.media) {
        std::vector<std::uint8_t> pts = m.payload_types();
        SC_FUZZ_CHECK(!m.is_rtp() || pts.size() == m.formats.size());
        for (std::uint8_t pt : pts)
            if (auto map = m.rtpmap(pt))
                SC_FUZZ_CHECK(map->payload_type == pt && map->clock_rate > 0);
        for (const std::string& f : m.formats)
            if (auto fmtp = m.fmtp(f))
                SC_FUZZ_CHECK(fmtp->format == f && !fmtp->parameters.empty());
        (void)m.ptime();
        (void)m.maxptime();
        (void)m.rtcp();
        (void)m.rtcp_mux();
        // The parser checked every a=crypto, so the accessor returns one per line.
        auto crypto = m.crypto();
        auto lines = std::count_if(m.attributes.begin(), m.attributes.end(),
                                   [](const sdp::Attribute& a) { return a.name == "crypto"; });
        SC_FUZZ_CHECK(crypto.size() == static_cast<std::size_t>(lines));
        (void)sdp::to_string(d.direction(m));
        SC_FUZZ_CHECK(d.connection_for(m) != nullptr);
    }
}

void answer(const sdp::SessionDescription& offer) {
    sdp::MediaCapabilities caps;
    caps.codecs = {sdp::opus(), sdp::pcmu(), sdp::g722(), sdp::telephone_event(),
                   sdp::telephone_event(48000)};
    caps.address = "192.0.2.1";
    caps.port = 4000;
    caps.rtcp_mux = true;
    auto a = sdp::make_answer(offer, caps, {});
    if (!a) {
        SC_FUZZ_CHECK(a.error().code == sdp::errc::no_common_codec);
        return;
    }
    SC_FUZZ_CHECK(a->description.media.size() == offer.media.size());
    SC_FUZZ_CHECK(a->streams.size() == offer.media.size());
    auto reparsed = sdp::parse(sdp::encode(a->description));
    SC_FUZZ_CHECK(reparsed && *reparsed == a->description);
    auto applied = sdp::apply_answer(offer, a->description);
    SC_FUZZ_CHECK(applied);
    for (std::size_t i = 0; i < a->streams.size(); ++i)
        SC_FUZZ_CHECK((*applied)[i].accepted == a->streams[i].accepted);
}

constexpr sdp::Limits tight_limits{.max_size = 512, .max_media = 2, .max_attributes = 8};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);

    auto d = sdp::parse(bytes);
    if (!d) {
        touch(d.error(), bytes);
    } else {
        exercise(*d);
        answer(*d);
        std::string encoded = sdp::encode(*d);
        auto again = sdp::parse(encoded);
        SC_FUZZ_CHECK(again);
        SC_FUZZ_CHECK(*again == *d);
        SC_FUZZ_CHECK(sdp::encode(*again) == encoded);
    }

    auto tight = sdp::parse(bytes, tight_limits);
    SC_FUZZ_CHECK(!tight || d);
    if (tight && d)
        SC_FUZZ_CHECK(*tight == *d);
    return 0;
}
