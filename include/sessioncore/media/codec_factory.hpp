#pragma once
// From the SDP facts of a negotiated stream (the rtpmap's encoding name, clock rate and
// channels, and the fmtp line) to a configured encoder and decoder, or the reason why not.
// Plain strings and numbers in, so the media layer does not depend on the SDP model; the
// session layer passes what sdp::NegotiatedStream holds.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include <sessioncore/media/audio_decoder.hpp>
#include <sessioncore/media/audio_encoder.hpp>
#include <sessioncore/media/error.hpp>

namespace sessioncore::media {

/// One codec as SDP describes it (RFC 8866 a=rtpmap and a=fmtp).
struct CodecSpec {
    std::string_view encoding_name;  ///< case-insensitive (RFC 4855 §3): "PCMU", "opus"...
    std::uint32_t clock_rate = 0;    ///< the rtpmap's clock rate
    std::uint32_t channels = 1;      ///< the rtpmap's channels (1 when absent; opus says 2)
    std::string_view fmtp;           ///< the a=fmtp parameters after the payload type, or ""
};

/// Settings that are ours, not the peer's.
struct EncoderOptions {
    std::chrono::milliseconds ptime{20};  ///< G.711/G.722: 10-120 ms; Opus: 10, 20, 40, 60
    int opus_complexity = 5;              ///< 0-10; 5 keeps a 20 ms frame cheap on shared cores
    int opus_expected_loss_percent = 10;  ///< 0-100; drives how much FEC Opus spends
};

/// Makes an encoder for the peer's `spec`: its fmtp says what the peer wants to receive
/// (RFC 7587 §6.1: useinbandfec, usedtx, maxaveragebitrate, stereo). Errors: unknown_codec,
/// bad_clock_rate, bad_channels, bad_fmtp, bad_ptime, bad_option, codec_failure.
[[nodiscard]] Result<std::unique_ptr<AudioEncoder>> make_encoder(
    const CodecSpec& spec, const EncoderOptions& options = {});

/// Makes a decoder for `spec`; `ptime` sets info().frame_samples(), the concealment length.
/// Errors as make_encoder().
[[nodiscard]] Result<std::unique_ptr<AudioDecoder>> make_decoder(
    const CodecSpec& spec, std::chrono::milliseconds ptime = std::chrono::milliseconds(20));

}  // namespace sessioncore::media
