// Fuzz target: the audio decoders as a peer's RTP payloads reach them (PCMU, PCMA, G.722,
// Opus), with Opus's FEC reading (carries_fec, decode_fec) and concealment after them. The
// first input octet picks the codec; the rest is the payload.
//
// Properties checked (SC_FUZZ_CHECK):
//  - decode() either fails with a payload error (empty, malformed, longer than the buffer)
//    or gives at most the buffer's samples: for G.711 one per octet, for G.722 two;
//  - only Opus says a payload carries FEC, and never for an empty one;
//  - decode_fec() and conceal() give exactly the frame asked for, or a payload error;
//  - nothing else: no crash, no read outside the payload (ASan), no undefined behaviour.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include <sessioncore/media/codec_factory.hpp>

#include "fuzz_check.hpp"

namespace media = sessioncore::media;

namespace {

constexpr std::array<media::CodecSpec, 4> specs{{
    {"PCMU", 8000, 1, ""},
    {"PCMA", 8000, 1, ""},
    {"G722", 8000, 1, ""},
    {"opus", 48000, 2, "useinbandfec=1"},
}};

bool payload_error(media::errc e) {
    return e == media::errc::empty_payload || e == media::errc::bad_payload ||
           e == media::errc::buffer_too_small;
}

// Up to 120 ms of 48 kHz audio: the longest Opus packet.
std::array<std::int16_t, 5760> pcm{};

void check_decode(media::AudioDecoder& decoder, const media::CodecSpec& spec,
                  std::span<const std::byte> payload) {
    const auto decoded = decoder.decode(payload, pcm);
    if (!decoded) {
        SC_FUZZ_CHECK(payload_error(decoded.error()));
        return;
    }
    SC_FUZZ_CHECK(*decoded <= pcm.size());
    if (spec.encoding_name == "PCMU" || spec.encoding_name == "PCMA")
        SC_FUZZ_CHECK(*decoded == payload.size());
    if (spec.encoding_name == "G722")
        SC_FUZZ_CHECK(*decoded == 2 * payload.size());
}

void check_fec_and_concealment(media::AudioDecoder& decoder, const media::CodecSpec& spec,
                               std::span<const std::byte> payload) {
    const bool carries = decoder.carries_fec(payload);
    SC_FUZZ_CHECK(!carries || (spec.encoding_name == "opus" && !payload.empty()));
    const std::size_t frame = decoder.info().frame_samples();
    const auto rebuilt = decoder.decode_fec(payload, std::span(pcm).first(frame));
    SC_FUZZ_CHECK(rebuilt ? *rebuilt == frame : payload_error(rebuilt.error()));
    const auto concealed = decoder.conceal(std::span(pcm).first(frame));
    SC_FUZZ_CHECK(concealed && *concealed == frame);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const auto& spec = specs[data[0] % specs.size()];
    const std::span<const std::byte> payload(reinterpret_cast<const std::byte*>(data + 1),
                                             size - 1);
    auto decoder = media::make_decoder(spec);
    SC_FUZZ_CHECK(decoder);
    check_decode(**decoder, spec, payload);
    check_fec_and_concealment(**decoder, spec, payload);
    return 0;
}
