// SDP facts to a configured codec: name, clock rate and channels as RFC 3551 §4.5 (PCMU,
// PCMA, G722) and RFC 7587 §7 (opus/48000/2) fix them, then the codec's own checks.
#include <algorithm>
#include <cctype>

#include <sessioncore/media/codec_factory.hpp>

#include "codec_impl.hpp"

namespace sessioncore::media {
namespace {

using std::chrono::milliseconds;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

struct KnownCodec {
    CodecKind kind;
    std::string_view name;
    std::uint32_t sample_rate;
    std::uint32_t rtp_clock_rate;
};

constexpr KnownCodec known_codecs[] = {
    {CodecKind::Pcmu, "PCMU", 8000, 8000},
    {CodecKind::Pcma, "PCMA", 8000, 8000},
    {CodecKind::G722, "G722", 16000, 8000},   // RFC 3551 §4.5.2
    {CodecKind::Opus, "opus", 48000, 48000},  // RFC 7587 §4.1
};

bool ptime_fits(CodecKind kind, milliseconds ptime) {
    if (kind == CodecKind::Opus)  // the frame sizes opus_encode() takes, in whole ms
        return ptime == milliseconds(10) || ptime == milliseconds(20) ||
               ptime == milliseconds(40) || ptime == milliseconds(60);
    return ptime >= milliseconds(10) && ptime <= milliseconds(120);
}

Result<AudioCodecInfo> describe(const CodecSpec& spec, milliseconds ptime) {
    const auto* known =
        std::find_if(std::begin(known_codecs), std::end(known_codecs),
                     [&](const KnownCodec& k) { return iequals(k.name, spec.encoding_name); });
    if (known == std::end(known_codecs))
        return errc::unknown_codec;
    if (spec.clock_rate != known->rtp_clock_rate)
        return errc::bad_clock_rate;
    // RFC 7587 §7 writes opus/48000/2 whatever is sent; some peers omit the 2, so 1 passes.
    std::uint32_t max_channels = known->kind == CodecKind::Opus ? 2 : 1;
    if (spec.channels < 1 || spec.channels > max_channels)
        return errc::bad_channels;
    if (!ptime_fits(known->kind, ptime))
        return errc::bad_ptime;
    return AudioCodecInfo{.kind = known->kind,
                          .name = known->name,
                          .sample_rate = known->sample_rate,
                          .rtp_clock_rate = known->rtp_clock_rate,
                          .channels = 1,
                          .ptime = ptime};
}

bool options_valid(const EncoderOptions& o) {
    return o.opus_complexity >= 0 && o.opus_complexity <= 10 && o.opus_expected_loss_percent >= 0 &&
           o.opus_expected_loss_percent <= 100;
}

}  // namespace

Result<std::unique_ptr<AudioEncoder>> make_encoder(const CodecSpec& spec,
                                                   const EncoderOptions& options) {
    auto info = describe(spec, options.ptime);
    if (!info)
        return info.error();
    if (!options_valid(options))
        return errc::bad_option;
    switch (info->kind) {
        case CodecKind::Pcmu:
        case CodecKind::Pcma:
            return detail::make_g711_encoder(*info);
        case CodecKind::G722:
            return detail::make_g722_encoder(*info);
        case CodecKind::Opus:
            break;
    }
    auto params = parse_opus_fmtp(spec.fmtp);
    if (!params)
        return params.error();
    return detail::make_opus_encoder(*info, *params, options);
}

Result<std::unique_ptr<AudioDecoder>> make_decoder(const CodecSpec& spec, milliseconds ptime) {
    auto info = describe(spec, ptime);
    if (!info)
        return info.error();
    switch (info->kind) {
        case CodecKind::Pcmu:
        case CodecKind::Pcma:
            return detail::make_g711_decoder(*info);
        case CodecKind::G722:
            return detail::make_g722_decoder(*info);
        case CodecKind::Opus:
            break;
    }
    // Nothing in the fmtp changes how we decode, but a malformed one is still refused so that
    // both directions of a stream agree on whether the SDP was acceptable.
    if (auto params = parse_opus_fmtp(spec.fmtp); !params)
        return params.error();
    return detail::make_opus_decoder(*info);
}

}  // namespace sessioncore::media
