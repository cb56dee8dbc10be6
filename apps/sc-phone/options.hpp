#pragma once
// Command line of sc-phone: `sc-phone call URI [options]` and `sc-phone listen [options]`.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/transport/endpoint.hpp>

namespace sessioncore::phone {

/// Exit statuses, documented in usage_text.
enum class ExitStatus : int {
    Ok = 0,
    CallFailed = 1,  ///< rejected, transport error, bad target, ended abnormally
    Usage = 2,
    CannotBind = 3,
    TimedOut = 4,  ///< no answer within --timeout (or our INVITE timed out)
};

enum class Command : std::uint8_t { Call, Listen };
enum class TransportChoice : std::uint8_t { Udp, Tcp, Both };
enum class IncomingAction : std::uint8_t { Answer, Reject };

/// What the phone does with each call's audio.
struct MediaCommandOptions {
    bool enabled = true;  ///< --no-media: SDP only, no RTP (the call-setup benchmark)
    std::string play;     ///< WAV to send; empty: silence
    bool loop = false;
    std::string record;  ///< WAV to record what we hear into; "{id}" becomes the session id
    std::string dtmf;    ///< digits to send as RFC 4733 events once media flows
    std::chrono::milliseconds dtmf_delay{500};  ///< after MediaStarted, before the digits
    std::chrono::milliseconds quality_interval{0};
    std::chrono::milliseconds rtp_timeout{0};
    std::chrono::milliseconds rtcp_interval{5000};  ///< RFC 3550's minimum (5 s)
    std::uint16_t sdp_rtp_port = 0;                 ///< named in SDP instead of the bound port
    std::uint16_t rtp_port_min = 20'000;
    std::uint16_t rtp_port_max = 29'999;
};

/// What both commands share.
struct CommonOptions {
    transport::Endpoint bind;
    TransportChoice transport = TransportChoice::Udp;
    std::vector<std::string> codecs{"PCMU", "PCMA", "telephone-event"};
    std::size_t workers = 1;  ///< one is plenty for a phone; listen may want more under load
    /// RFC 3261 T1; the other timers scale with it (tests shorten it so the transactions' wait
    /// states, 64·T1, end within the drain time).
    std::chrono::milliseconds t1{500};
    /// How long stop() waits for calls and transactions to end before the Summary.
    std::chrono::milliseconds drain{2000};
    MediaCommandOptions media;
};

struct CallCommandOptions {
    std::string target;  ///< the sip: URI to call
    std::string from;    ///< empty: the manager's default
    /// Hang up this long after Connected; zero: wait for the peer's BYE.
    std::chrono::milliseconds duration{std::chrono::seconds(5)};
    /// Give up (CANCEL) when not Connected this long after the INVITE.
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};
    /// Hold (re-INVITE, sendonly) this long after Connected; zero: never.
    std::chrono::milliseconds hold_after{0};
    /// Resume (re-INVITE, sendrecv) this long after the hold completed; zero: never.
    std::chrono::milliseconds resume_after{0};
};

struct ListenCommandOptions {
    IncomingAction action = IncomingAction::Answer;
    std::uint16_t reject_status = 486;
    std::chrono::milliseconds ring_delay{0};    ///< before 180 Ringing
    std::chrono::milliseconds answer_delay{0};  ///< after 180, before the answer or reject
    std::chrono::milliseconds hangup_after{0};  ///< zero: the peer hangs up
    std::size_t max_calls = 0;                  ///< exit after this many ended; zero: never
    std::chrono::milliseconds linger{0};        ///< after the last of max_calls, before exiting
};

struct Options {
    Command command = Command::Call;
    CommonOptions common;
    CallCommandOptions call;
    ListenCommandOptions listen;
};

/// The parsed options, or a message for the user (usage errors start with "error: ").
struct ParsedOptions {
    std::optional<Options> options;
    std::string message;
    bool help = false;
};

ParsedOptions parse_options(const std::vector<std::string_view>& args);

/// "250ms", "5s", "2m", or a bare number of seconds; nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

extern const std::string_view usage_text;

}  // namespace sessioncore::phone
