#pragma once
// An audio decoder: an RTP payload in, 16-bit mono PCM at the codec's sample rate out, into a
// buffer the caller owns; and, for a frame that never came, concealment (PLC) or, where the
// codec carries it (Opus in-band FEC, RFC 6716 §2.1.7), recovery from the next packet.
// Made by make_decoder() (codec_factory.hpp). Not thread-safe: one per stream, on its shard.

#include <cstddef>
#include <cstdint>
#include <span>

#include <sessioncore/media/audio_codec_info.hpp>
#include <sessioncore/media/error.hpp>

namespace sessioncore::media {

class AudioDecoder {
public:
    virtual ~AudioDecoder() = default;
    AudioDecoder(const AudioDecoder&) = delete;
    AudioDecoder& operator=(const AudioDecoder&) = delete;

    [[nodiscard]] const AudioCodecInfo& info() const noexcept { return info_; }

    /// Decodes one payload into `pcm` and returns the samples written. Errors: empty_payload,
    /// buffer_too_small (pcm shorter than the payload's audio), bad_payload. Allocates nothing.
    [[nodiscard]] virtual Result<std::size_t> decode(std::span<const std::byte> payload,
                                                     std::span<std::int16_t> pcm) = 0;

    /// Fills `pcm` (one lost frame, normally info().frame_samples()) with concealment and
    /// returns its size. Errors: bad_frame_size when the codec cannot make that length.
    [[nodiscard]] virtual Result<std::size_t> conceal(std::span<std::int16_t> pcm) = 0;

    /// True when decode_fec() can recover a lost frame from the packet after it.
    [[nodiscard]] virtual bool has_fec() const noexcept { return false; }

    /// True when `next_payload` carries redundancy for the frame before it, so decode_fec()
    /// rebuilds that frame instead of concealing it. Looks at the payload only; no state.
    [[nodiscard]] virtual bool carries_fec(std::span<const std::byte> next_payload) const noexcept {
        (void)next_payload;
        return has_fec();
    }

    /// Rebuilds the frame lost just before `next_payload` from the redundancy that packet
    /// carries; a codec without FEC, or a packet without it, conceals instead. `next_payload`
    /// is still to be decode()d afterwards. Errors as decode() and conceal().
    [[nodiscard]] virtual Result<std::size_t> decode_fec(std::span<const std::byte> next_payload,
                                                         std::span<std::int16_t> pcm) {
        (void)next_payload;
        return conceal(pcm);
    }

protected:
    explicit AudioDecoder(const AudioCodecInfo& info) : info_(info) {}

private:
    AudioCodecInfo info_;
};

}  // namespace sessioncore::media
