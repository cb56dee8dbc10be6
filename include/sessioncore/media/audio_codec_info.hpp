#pragma once
// What a media stream needs to know about the codec it runs: the two rates (which differ for
// G.722, RFC 3551 §4.5.2), the framing, and what the decoder can do about a lost frame.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sessioncore::media {

/// The codecs the factory makes.
enum class CodecKind : std::uint8_t { Pcmu, Pcma, G722, Opus };

/// Fixed facts of one configured encoder or decoder.
struct AudioCodecInfo {
    CodecKind kind{};
    std::string_view name;             ///< the RTP encoding name (RFC 3551 / RFC 7587 spelling)
    std::uint32_t sample_rate = 0;     ///< PCM samples per second the codec takes and gives
    std::uint32_t rtp_clock_rate = 0;  ///< RTP timestamp units per second
    std::uint32_t channels = 1;        ///< PCM channels (always 1 here: we send and play mono)
    std::chrono::milliseconds ptime{20};

    /// PCM samples in one frame of `ptime`.
    [[nodiscard]] constexpr std::size_t frame_samples() const noexcept {
        return static_cast<std::size_t>(sample_rate) * static_cast<std::size_t>(ptime.count()) /
               1000;
    }
    /// RTP timestamp units one frame of `ptime` spans.
    [[nodiscard]] constexpr std::uint32_t frame_rtp_units() const noexcept {
        return static_cast<std::uint32_t>(rtp_clock_rate *
                                          static_cast<std::uint64_t>(ptime.count()) / 1000);
    }
};

}  // namespace sessioncore::media
