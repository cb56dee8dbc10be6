#pragma once
// The part G.711 and G.722 decoders share: the payload checks, and repeat-and-fade
// concealment fed with every decoded frame. A codec supplies only its decode proper.

#include <cstddef>
#include <cstdint>
#include <span>

#include <sessioncore/media/audio_decoder.hpp>

#include "repeat_fade_concealer.hpp"

namespace sessioncore::media::detail {

class RepeatFadeDecoder : public AudioDecoder {
public:
    Result<std::size_t> decode(std::span<const std::byte> payload,
                               std::span<std::int16_t> pcm) final {
        if (payload.empty())
            return errc::empty_payload;
        if (pcm.size() < payload.size() * samples_per_octet_)
            return errc::buffer_too_small;
        auto n = decode_payload(payload, pcm);
        if (n)
            concealer_.remember(pcm.first(*n));
        return n;
    }

    Result<std::size_t> conceal(std::span<std::int16_t> pcm) final {
        if (pcm.empty())
            return errc::bad_frame_size;
        concealer_.conceal(pcm);
        return pcm.size();
    }

protected:
    /// `samples_per_octet`: PCM samples one payload octet decodes to (G.711 1, G.722 2);
    /// `max_frame` and `fade_samples` as RepeatFadeConcealer takes them.
    RepeatFadeDecoder(const AudioCodecInfo& info, std::size_t samples_per_octet,
                      std::size_t max_frame, std::size_t fade_samples)
        : AudioDecoder(info),
          samples_per_octet_(samples_per_octet),
          concealer_(max_frame, fade_samples) {}

    /// Decodes a non-empty payload into `pcm`, which holds all of it; returns the samples.
    virtual Result<std::size_t> decode_payload(std::span<const std::byte> payload,
                                               std::span<std::int16_t> pcm) = 0;

private:
    std::size_t samples_per_octet_;
    RepeatFadeConcealer concealer_;
};

}  // namespace sessioncore::media::detail
