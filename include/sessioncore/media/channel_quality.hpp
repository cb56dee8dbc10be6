#pragma once
// The quality figures of one audio stream from its counters: jitter and loss as RFC 3550
// counts them, the round trip from RTCP, and the G.107 E-model's R and MOS. Pure functions.
//
// The E-model's one-way delay is what a listener waits for: half the round trip (when RTCP
// has measured one), the jitter buffer's playout delay, and one packet time of packetisation.

#include <chrono>
#include <optional>

#include <sessioncore/media/audio_codec_info.hpp>
#include <sessioncore/media/emodel.hpp>
#include <sessioncore/media/jitter_buffer.hpp>
#include <sessioncore/media/rtp_stream_stats.hpp>

namespace sessioncore::media {

struct ChannelQualityInput {
    RtpStreamStats rtp{};
    JitterBufferStats jitter_buffer{};
    std::uint32_t clock_rate = 8000;  ///< RTP clock of the payload, for jitter in ms
    std::chrono::milliseconds ptime{20};
    CodecImpairment codec{};
};

struct ChannelQuality {
    double jitter_ms = 0.0;
    double loss_percent = 0.0;  ///< 0-100
    std::optional<double> rtt_ms{};
    double one_way_delay_ms = 0.0;
    double r_factor = 0.0;
    double mos = 1.0;
};

/// The E-model impairment we use for a codec (emodel.hpp): G.711 with PLC (our decoders
/// conceal), G.722, Opus.
[[nodiscard]] CodecImpairment impairment_for(CodecKind kind) noexcept;

/// Loss is cumulative lost over expected (received + lost), 0 before anything arrived; a
/// negative cumulative loss (duplicates, §6.4.1) counts as none.
[[nodiscard]] ChannelQuality compute_quality(const ChannelQualityInput& in) noexcept;

}  // namespace sessioncore::media
