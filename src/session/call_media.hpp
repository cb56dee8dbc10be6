#pragma once
// A call's media as the session layer holds it (the "MediaManager" part of a leg): the RTP
// port pair bound for our SDP, then the AudioChannel made from the negotiated stream, and
// what the application asked for before the channel existed. Shard only, like the rest of
// CallLeg.

#include <memory>
#include <optional>

#include <sessioncore/media/audio_channel.hpp>
#include <sessioncore/media/audio_sink.hpp>
#include <sessioncore/media/audio_source.hpp>
#include <sessioncore/media/rtp_port_allocator.hpp>
#include <sessioncore/sdp/offer_answer.hpp>
#include <sessioncore/session/media_types.hpp>
#include <sessioncore/session/options.hpp>

namespace sessioncore::session::detail {

struct CallMedia {
    std::optional<media::RtpPortLease> lease;      // bound, until the channel takes it
    std::unique_ptr<media::AudioChannel> channel;  // from the first negotiated stream
    MediaState state = MediaState::None;
    // Set before the channel existed (play/record before the answer): given to it when made.
    std::unique_ptr<media::AudioSource> pending_source;
    std::unique_ptr<media::AudioSink> pending_sink;
    bool muted = false;
    bool started_reported = false;  // MediaStarted went out
};

/// The channel settings for `stream` (the first accepted audio stream), with the engine's
/// settings. An address that is not an IP literal (a host name in c=) is left unset: the
/// stream then sends once the peer's first packet shows where it is (symmetric RTP).
[[nodiscard]] media::AudioChannelConfig channel_config_for(const sdp::NegotiatedStream& stream,
                                                           const MediaEngineConfig& engine);

/// The session API's figures from the channel's.
[[nodiscard]] MediaStats to_media_stats(const media::AudioChannelStats& stats) noexcept;

}  // namespace sessioncore::session::detail
