// G.722 at 64 kbit/s through spandsp. RFC 3551 §4.5.2: the audio is sampled at 16000 Hz but
// the RTP clock runs at 8000 Hz (an error in RFC 1890 kept for compatibility), and each octet
// carries two 16 kHz samples' codes, so a 20 ms frame is 320 samples, 160 octets and 160
// timestamp units. spandsp has no G.722 concealment, hence repeat-and-fade.
#include <memory>

#include <stdint.h>  // spandsp's headers use the C names without including it

// The G.722 header uses telephony.h's SPAN_DECLARE, so telephony.h comes first.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/g722.h>
// clang-format on

#include "codec_impl.hpp"
#include "repeat_fade_decoder.hpp"

namespace sessioncore::media::detail {
namespace {

constexpr int g722_bit_rate = 64000;  // the only mode RTP's "G722" names (RFC 3551 §4.5.2)
constexpr std::size_t g722_fade_samples = 960;  // 60 ms at 16 kHz, as for G.711

struct EncoderFree {
    void operator()(g722_encode_state_t* s) const noexcept { g722_encode_free(s); }
};
struct DecoderFree {
    void operator()(g722_decode_state_t* s) const noexcept { g722_decode_free(s); }
};

class G722Encoder final : public AudioEncoder {
public:
    G722Encoder(const AudioCodecInfo& info, g722_encode_state_t* state)
        : AudioEncoder(info), state_(state) {}

    std::size_t max_payload_size() const noexcept override { return info().frame_samples() / 2; }

    Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                               std::span<std::byte> payload) override {
        if (pcm.size() != info().frame_samples())
            return errc::bad_frame_size;
        if (payload.size() < pcm.size() / 2)
            return errc::buffer_too_small;
        int n = g722_encode(state_.get(), reinterpret_cast<std::uint8_t*>(payload.data()),
                            pcm.data(), static_cast<int>(pcm.size()));
        if (n < 0)
            return errc::codec_failure;
        return static_cast<std::size_t>(n);
    }

private:
    std::unique_ptr<g722_encode_state_t, EncoderFree> state_;
};

// Each octet carries two 16 kHz samples' codes.
class G722Decoder final : public RepeatFadeDecoder {
public:
    G722Decoder(const AudioCodecInfo& info, g722_decode_state_t* state)
        : RepeatFadeDecoder(info, 2, max_concealed_frame, g722_fade_samples), state_(state) {}

private:
    Result<std::size_t> decode_payload(std::span<const std::byte> payload,
                                       std::span<std::int16_t> pcm) override {
        int n = g722_decode(state_.get(), pcm.data(),
                            reinterpret_cast<const std::uint8_t*>(payload.data()),
                            static_cast<int>(payload.size()));
        if (n < 0)
            return errc::codec_failure;
        return static_cast<std::size_t>(n);
    }

    std::unique_ptr<g722_decode_state_t, DecoderFree> state_;
};

}  // namespace

Result<std::unique_ptr<AudioEncoder>> make_g722_encoder(const AudioCodecInfo& info) {
    g722_encode_state_t* state = g722_encode_init(nullptr, g722_bit_rate, 0);
    if (state == nullptr)
        return errc::codec_failure;
    return std::unique_ptr<AudioEncoder>(std::make_unique<G722Encoder>(info, state));
}

Result<std::unique_ptr<AudioDecoder>> make_g722_decoder(const AudioCodecInfo& info) {
    g722_decode_state_t* state = g722_decode_init(nullptr, g722_bit_rate, 0);
    if (state == nullptr)
        return errc::codec_failure;
    return std::unique_ptr<AudioDecoder>(std::make_unique<G722Decoder>(info, state));
}

}  // namespace sessioncore::media::detail
