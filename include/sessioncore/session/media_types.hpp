#pragma once
// What the session API says about a call's media: the per-session media state, the quality
// snapshot (MediaQuality events, Session::async_media_stats) and the options of play, record
// and DTMF. Plain values, so the application needs no media-layer header.

#include <chrono>
#include <cstdint>
#include <string_view>

namespace sessioncore::session {

/// Where a session's media stands.
enum class MediaState : std::uint8_t {
    None,         ///< no media: not negotiated yet, rejected stream, or media engine off
    Negotiating,  ///< an offer is out or in, the answer not yet
    Configured,   ///< negotiated and the RTP stream set up, not yet running
    Active,       ///< RTP flowing in the negotiated direction
    Paused,       ///< on hold either way (sendonly, recvonly or inactive)
    Failed,       ///< could not be set up, or no RTP for MediaEngineConfig::rtp_timeout
};

/// "None", "Negotiating", ...
[[nodiscard]] std::string_view to_string(MediaState state) noexcept;

/// A snapshot of the audio stream's quality (RFC 3550 §6.4 counters and jitter, RTCP round
/// trip, the jitter buffer, ITU-T G.107 R and MOS).
struct MediaStats {
    std::uint64_t packets_sent = 0;
    std::uint64_t bytes_sent = 0;  ///< payload octets
    std::uint64_t packets_received = 0;
    std::uint64_t bytes_received = 0;
    std::int64_t packets_lost = 0;  ///< cumulative, RFC 3550 A.3 (negative with duplicates)
    double loss_percent = 0.0;
    double jitter_ms = 0.0;       ///< interarrival jitter, RFC 3550 A.8
    double rtt_ms = -1.0;         ///< from RTCP SR/RR; -1 until known
    std::uint64_t late = 0;       ///< arrived after their playout time
    std::uint64_t discarded = 0;  ///< late, duplicate, out of window
    std::uint64_t concealed = 0;  ///< frames played by concealment (PLC/FEC)
    double r_factor = 0.0;
    double mos = 1.0;
    std::uint64_t rtcp_sent = 0;
    std::uint64_t rtcp_received = 0;
    std::uint64_t dtmf_sent = 0;
    std::uint64_t dtmf_received = 0;
};

/// How DTMF goes out. RFC 4733 events in the RTP stream now; SIP INFO arrives with call control.
enum class DtmfMethod : std::uint8_t { Rfc4733 };

struct DtmfSendOptions {
    DtmfMethod method = DtmfMethod::Rfc4733;
    std::chrono::milliseconds duration{100};  ///< each digit's tone
    std::chrono::milliseconds gap{60};        ///< between digits
};

struct PlayOptions {
    bool loop = false;  ///< start again at the end instead of going silent
};

struct RecordOptions {
    /// The WAV's sample rate: 8000, 16000 or 48000 (what we hear is resampled to it).
    int sample_rate = 16'000;
};

}  // namespace sessioncore::session
