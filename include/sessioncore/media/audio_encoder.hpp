#pragma once
// An audio encoder: one frame of 16-bit mono PCM at the codec's sample rate in, one RTP
// payload out, into buffers the caller owns. Made by make_encoder() (codec_factory.hpp).
// Not thread-safe: one encoder belongs to one stream on one shard.

#include <cstddef>
#include <cstdint>
#include <span>

#include <sessioncore/media/audio_codec_info.hpp>
#include <sessioncore/media/error.hpp>

namespace sessioncore::media {

class AudioEncoder {
public:
    virtual ~AudioEncoder() = default;
    AudioEncoder(const AudioEncoder&) = delete;
    AudioEncoder& operator=(const AudioEncoder&) = delete;

    /// The codec, its rates and the frame length this encoder was made for.
    [[nodiscard]] const AudioCodecInfo& info() const noexcept { return info_; }

    /// An output buffer of this many octets always holds one encoded frame.
    [[nodiscard]] virtual std::size_t max_payload_size() const noexcept = 0;

    /// Encodes exactly info().frame_samples() samples into `payload` and returns the octets
    /// written. Errors: bad_frame_size (pcm of another size), buffer_too_small,
    /// codec_failure. Allocates nothing.
    [[nodiscard]] virtual Result<std::size_t> encode(std::span<const std::int16_t> pcm,
                                                     std::span<std::byte> payload) = 0;

protected:
    explicit AudioEncoder(const AudioCodecInfo& info) : info_(info) {}

private:
    AudioCodecInfo info_;
};

}  // namespace sessioncore::media
