// PCMU and PCMA (RFC 3551 §4.5.14: one octet per sample at 8000 Hz) over g711.hpp, with
// repeat-and-fade concealment.
#include <sessioncore/media/g711.hpp>

#include "codec_impl.hpp"
#include "repeat_fade_decoder.hpp"

namespace sessioncore::media::detail {
namespace {

// 60 ms to silence: long enough to bridge one or two lost 20 ms frames audibly, short enough
// that a longer outage does not drone on a repeated frame.
constexpr std::size_t g711_fade_samples = 480;

class G711Encoder final : public AudioEncoder {
public:
    explicit G711Encoder(const AudioCodecInfo& info) : AudioEncoder(info) {}

    std::size_t max_payload_size() const noexcept override { return info().frame_samples(); }

    Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                               std::span<std::byte> payload) override {
        if (pcm.size() != info().frame_samples())
            return errc::bad_frame_size;
        if (payload.size() < pcm.size())
            return errc::buffer_too_small;
        return info().kind == CodecKind::Pcmu ? g711::encode_ulaw(pcm, payload)
                                              : g711::encode_alaw(pcm, payload);
    }
};

class G711Decoder final : public RepeatFadeDecoder {
public:
    explicit G711Decoder(const AudioCodecInfo& info)
        : RepeatFadeDecoder(info, 1, max_concealed_frame, g711_fade_samples) {}

private:
    Result<std::size_t> decode_payload(std::span<const std::byte> payload,
                                       std::span<std::int16_t> pcm) override {
        return info().kind == CodecKind::Pcmu ? g711::decode_ulaw(payload, pcm)
                                              : g711::decode_alaw(payload, pcm);
    }
};

}  // namespace

std::unique_ptr<AudioEncoder> make_g711_encoder(const AudioCodecInfo& info) {
    return std::make_unique<G711Encoder>(info);
}

std::unique_ptr<AudioDecoder> make_g711_decoder(const AudioCodecInfo& info) {
    return std::make_unique<G711Decoder>(info);
}

}  // namespace sessioncore::media::detail
