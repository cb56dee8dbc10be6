#pragma once
// The typed events of the session API: one std::variant of small structs, each carrying the
// session id and when it happened. Events of one session are delivered in the order they
// happened (they are produced on the session's shard, and the channel keeps per-producer order).

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

#include <sessioncore/session/call_state.hpp>
#include <sessioncore/session/media_types.hpp>
#include <sessioncore/session/session_id.hpp>

namespace sessioncore::session {

/// Wall-clock time of an event (for logs and JSON; ordering comes from the stream).
using EventTime = std::chrono::system_clock::time_point;

/// A new incoming call was offered (before the application answers).
struct CallIncoming {
    SessionId session;
    EventTime at;
    std::string call_id;
    std::string from;  ///< the From header's URI
    std::string to;    ///< the To header's URI
};

struct StateChanged {
    SessionId session;
    EventTime at;
    CallState from = CallState::Initializing;
    CallState to = CallState::Initializing;
};

/// A provisional response (100-199) received for our INVITE, or sent for theirs.
struct CallProgress {
    SessionId session;
    EventTime at;
    std::uint16_t status = 0;
    std::string reason;
};

/// Offer/answer completed (first time or after a re-offer).
struct SdpNegotiated {
    SessionId session;
    EventTime at;
    std::string codec;              ///< the selected audio codec ("PCMU"), empty if none
    std::uint8_t payload_type = 0;  ///< its payload type
    std::string remote_address;     ///< where our RTP goes
    std::uint16_t remote_port = 0;
    std::uint16_t local_port = 0;
    std::string direction;  ///< our direction: sendrecv, sendonly, recvonly, inactive
};

struct CallTerminated {
    SessionId session;
    EventTime at;
    TerminationReason reason = TerminationReason::None;
    std::uint16_t status = 0;
    std::string phrase;
};

/// RTP started flowing for the negotiated stream (once per session; a re-offer that changes it
/// reports SdpNegotiated).
struct MediaStarted {
    SessionId session;
    EventTime at;
    std::string codec;
    std::uint8_t payload_type = 0;
    std::uint16_t local_port = 0;
    std::string remote_address;
    std::uint16_t remote_port = 0;
    std::string direction;
};

/// The media stream ended (the call ended, or a re-offer rejected the stream), with its
/// final figures.
struct MediaStopped {
    SessionId session;
    EventTime at;
    std::string reason;  ///< "call ended", "stream rejected"
    MediaStats stats;
};

/// The stream's quality, every MediaEngineConfig::quality_interval.
struct MediaQuality {
    SessionId session;
    EventTime at;
    MediaStats stats;
};

/// An RFC 4733 digit heard, once per key press.
struct DtmfReceived {
    SessionId session;
    EventTime at;
    char digit = '?';  ///< '0'-'9', '*', '#', 'A'-'D'
    std::uint32_t duration_ms = 0;
};

/// The media could not be set up, or stopped flowing (no RTP for
/// MediaEngineConfig::rtp_timeout).
struct MediaFailed {
    SessionId session;
    EventTime at;
    std::string reason;
};

using Event = std::variant<CallIncoming, StateChanged, CallProgress, SdpNegotiated, CallTerminated,
                           MediaStarted, MediaStopped, MediaQuality, DtmfReceived, MediaFailed>;

/// The session an event belongs to.
SessionId session_of(const Event& event) noexcept;
/// "CallIncoming", "StateChanged", ...
std::string_view event_name(const Event& event) noexcept;

}  // namespace sessioncore::session
