#pragma once
// The states of a session and why it ended.

#include <cstdint>
#include <string>
#include <string_view>

namespace sessioncore::session {

enum class CallState : std::uint8_t {
    Initializing,  ///< created; nothing sent or answered yet
    Dialing,       ///< outgoing: INVITE sent, no provisional yet
    Ringing,     ///< outgoing: 180 received; incoming: offered to the application (180 sent or not)
    EarlyMedia,  ///< a 183 with SDP was received or sent
    Connected,   ///< 2xx sent (and ACK received) or received (and ACKed)
    OnHold,      ///< connected, with our media direction sendonly or inactive (RFC 3264 §8.4)
    Terminating,  ///< BYE or CANCEL sent, waiting for its answer
    Terminated,   ///< ended; see Termination
};

/// Whether we placed the call (UAC) or received it (UAS).
enum class CallDirection : std::uint8_t { Outgoing, Incoming };

enum class TerminationReason : std::uint8_t {
    None,             ///< not ended
    LocalHangup,      ///< we sent BYE
    RemoteHangup,     ///< the peer sent BYE
    Rejected,         ///< a 3xx-6xx final response ended the call (sent or received); see status
    Cancelled,        ///< CANCEL before answer (sent or received)
    Timeout,          ///< no final response (Timer B), no ACK for our 2xx, or no answer in time
    TransportError,   ///< the request could not be sent (connection refused, ...)
    BadRemoteAnswer,  ///< the peer's 2xx carried an SDP we cannot accept: we sent BYE
    Shutdown,         ///< the SessionManager stopped
    Failed,           ///< the call could not be placed (unresolvable target, bad 2xx, ...)
    MediaTimeout,     ///< no RTP from the peer (MediaEngineConfig::hangup_on_rtp_timeout): BYE
};

struct Termination {
    TerminationReason reason = TerminationReason::None;
    std::uint16_t status = 0;  ///< the SIP status sent or received, when one ended the call
    std::string phrase;        ///< its reason phrase, or a short description
};

std::string_view to_string(CallState state) noexcept;
std::string_view to_string(CallDirection direction) noexcept;
std::string_view to_string(TerminationReason reason) noexcept;

}  // namespace sessioncore::session
