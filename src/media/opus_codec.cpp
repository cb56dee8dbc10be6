// Opus through libopus (RFC 6716), carried as RFC 7587 says: a 48000 Hz RTP clock whatever the
// audio bandwidth, mono here (a stereo stream is downmixed by the decoder, §3.4 of RFC 7587
// allows a mono sender). The decoder conceals with Opus's own PLC and recovers a lost frame
// from the next packet's in-band FEC (LBRR, RFC 6716 §2.1.7) when the sender put it there.
#include <opus.h>

#include "codec_impl.hpp"

namespace sessioncore::media::detail {
namespace {

// libopus's documentation recommends 4000 octets as the output buffer for one packet; a
// 20 ms frame at the highest bitrate is at most 1275 octets (RFC 6716 §3.2.1).
constexpr std::size_t opus_max_payload = 4000;
// Concealment and FEC lengths must be whole 2.5 ms units at 48 kHz (RFC 6716 §2.1.4), up to
// the longest packet, 120 ms.
constexpr std::size_t opus_unit = 120;
constexpr std::size_t opus_max_frame = 5760;

struct EncoderDestroy {
    void operator()(OpusEncoder* e) const noexcept { opus_encoder_destroy(e); }
};
struct DecoderDestroy {
    void operator()(OpusDecoder* d) const noexcept { opus_decoder_destroy(d); }
};

class OpusAudioEncoder final : public AudioEncoder {
public:
    OpusAudioEncoder(const AudioCodecInfo& info, std::unique_ptr<OpusEncoder, EncoderDestroy> e)
        : AudioEncoder(info), encoder_(std::move(e)) {}

    std::size_t max_payload_size() const noexcept override { return opus_max_payload; }

    Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                               std::span<std::byte> payload) override {
        if (pcm.size() != info().frame_samples())
            return errc::bad_frame_size;
        if (payload.empty())
            return errc::buffer_too_small;
        auto capacity = static_cast<opus_int32>(std::min(payload.size(), opus_max_payload));
        opus_int32 n = opus_encode(encoder_.get(), pcm.data(), static_cast<int>(pcm.size()),
                                   reinterpret_cast<unsigned char*>(payload.data()), capacity);
        if (n == OPUS_BUFFER_TOO_SMALL)
            return errc::buffer_too_small;
        if (n < 0)
            return errc::codec_failure;
        return static_cast<std::size_t>(n);
    }

private:
    std::unique_ptr<OpusEncoder, EncoderDestroy> encoder_;
};

bool concealable(std::size_t samples) {
    return samples != 0 && samples % opus_unit == 0 && samples <= opus_max_frame;
}

class OpusAudioDecoder final : public AudioDecoder {
public:
    OpusAudioDecoder(const AudioCodecInfo& info, std::unique_ptr<OpusDecoder, DecoderDestroy> d)
        : AudioDecoder(info), decoder_(std::move(d)) {}

    Result<std::size_t> decode(std::span<const std::byte> payload,
                               std::span<std::int16_t> pcm) override {
        if (auto checked = check(payload, pcm.size()); !checked)
            return checked.error();
        return run(payload, pcm, 0);
    }

    Result<std::size_t> conceal(std::span<std::int16_t> pcm) override {
        if (!concealable(pcm.size()))
            return errc::bad_frame_size;
        return run({}, pcm, 0);
    }

    bool has_fec() const noexcept override { return true; }

    bool carries_fec(std::span<const std::byte> next_payload) const noexcept override {
        return opus_packet_has_lbrr(next_payload);
    }

    Result<std::size_t> decode_fec(std::span<const std::byte> next_payload,
                                   std::span<std::int16_t> pcm) override {
        if (!concealable(pcm.size()))
            return errc::bad_frame_size;
        if (auto checked = check(next_payload, opus_max_frame); !checked)
            return checked.error();
        // With decode_fec = 1 libopus rebuilds exactly pcm.size() samples of the frame before
        // this packet from its LBRR data, or conceals when the packet has none.
        return run(next_payload, pcm, 1);
    }

private:
    // The packet's duration comes from its TOC octet(s) (RFC 6716 §3.1), so a short buffer or
    // a malformed packet is refused before libopus is asked to decode.
    static Result<void> check(std::span<const std::byte> payload, std::size_t room) {
        if (payload.empty())
            return errc::empty_payload;
        int samples =
            opus_packet_get_nb_samples(reinterpret_cast<const unsigned char*>(payload.data()),
                                       static_cast<opus_int32>(payload.size()), 48000);
        if (samples < 0)
            return errc::bad_payload;
        if (static_cast<std::size_t>(samples) > room)
            return errc::buffer_too_small;
        return {};
    }

    Result<std::size_t> run(std::span<const std::byte> payload, std::span<std::int16_t> pcm,
                            int fec) {
        const auto* data =
            payload.empty() ? nullptr : reinterpret_cast<const unsigned char*>(payload.data());
        int n = opus_decode(decoder_.get(), data, static_cast<opus_int32>(payload.size()),
                            pcm.data(), static_cast<int>(pcm.size()), fec);
        if (n == OPUS_INVALID_PACKET || n == OPUS_BUFFER_TOO_SMALL)
            return n == OPUS_INVALID_PACKET ? errc::bad_payload : errc::buffer_too_small;
        if (n < 0)
            return errc::codec_failure;
        return static_cast<std::size_t>(n);
    }

    std::unique_ptr<OpusDecoder, DecoderDestroy> decoder_;
};

bool configure(OpusEncoder* e, const OpusParams& params, const EncoderOptions& options) {
    // RFC 7587 §6.1: the receiver's useinbandfec/usedtx/maxaveragebitrate tell the sender what
    // to do. FEC needs an expected loss above 0 or libopus spends no bits on it.
    bool ok = opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(options.opus_complexity)) == OPUS_OK &&
              opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) == OPUS_OK &&
              opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(params.use_inband_fec ? 1 : 0)) == OPUS_OK &&
              opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(options.opus_expected_loss_percent)) ==
                  OPUS_OK &&
              opus_encoder_ctl(e, OPUS_SET_DTX(params.use_dtx ? 1 : 0)) == OPUS_OK;
    if (ok && params.max_average_bitrate)
        ok = opus_encoder_ctl(
                 e, OPUS_SET_BITRATE(static_cast<opus_int32>(*params.max_average_bitrate))) ==
             OPUS_OK;
    return ok;
}

}  // namespace

Result<std::unique_ptr<AudioEncoder>> make_opus_encoder(const AudioCodecInfo& info,
                                                        const OpusParams& params,
                                                        const EncoderOptions& options) {
    int error = OPUS_OK;
    std::unique_ptr<OpusEncoder, EncoderDestroy> e(
        opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &error));
    if (error != OPUS_OK || !e)
        return errc::codec_failure;
    if (!configure(e.get(), params, options))
        return errc::codec_failure;
    return std::unique_ptr<AudioEncoder>(std::make_unique<OpusAudioEncoder>(info, std::move(e)));
}

Result<std::unique_ptr<AudioDecoder>> make_opus_decoder(const AudioCodecInfo& info) {
    int error = OPUS_OK;
    std::unique_ptr<OpusDecoder, DecoderDestroy> d(opus_decoder_create(48000, 1, &error));
    if (error != OPUS_OK || !d)
        return errc::codec_failure;
    return std::unique_ptr<AudioDecoder>(std::make_unique<OpusAudioDecoder>(info, std::move(d)));
}

}  // namespace sessioncore::media::detail
