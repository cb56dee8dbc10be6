#pragma once
// The concrete codecs behind make_encoder()/make_decoder(); each lives in its own file and is
// reached only through the factory, so no codec library's header leaks into the public API.

#include <cstddef>
#include <memory>
#include <span>

#include <sessioncore/media/audio_decoder.hpp>
#include <sessioncore/media/audio_encoder.hpp>
#include <sessioncore/media/codec_factory.hpp>
#include <sessioncore/media/opus_params.hpp>

namespace sessioncore::media::detail {

/// The longest frame any codec here is set up for (120 ms at 16 kHz, G.722's PCM rate).
inline constexpr std::size_t max_concealed_frame = 1920;

std::unique_ptr<AudioEncoder> make_g711_encoder(const AudioCodecInfo& info);
std::unique_ptr<AudioDecoder> make_g711_decoder(const AudioCodecInfo& info);
Result<std::unique_ptr<AudioEncoder>> make_g722_encoder(const AudioCodecInfo& info);
Result<std::unique_ptr<AudioDecoder>> make_g722_decoder(const AudioCodecInfo& info);
Result<std::unique_ptr<AudioEncoder>> make_opus_encoder(const AudioCodecInfo& info,
                                                        const OpusParams& params,
                                                        const EncoderOptions& options);
Result<std::unique_ptr<AudioDecoder>> make_opus_decoder(const AudioCodecInfo& info);

/// True when the Opus packet's first frame has a SILK layer whose LBRR flag is set for the
/// mid or the side channel: in-band FEC for the frame before it (RFC 6716 §4.2.3).
bool opus_packet_has_lbrr(std::span<const std::byte> packet) noexcept;

}  // namespace sessioncore::media::detail
