#pragma once
// What the application says about calls and about the manager: option structs with defaults
// that make a working phone on 127.0.0.1.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <sessioncore/transaction/timers.hpp>
#include <sessioncore/transport/transport.hpp>

namespace sessioncore::session {

/// The audio we offer or accept, in order of preference. Names as in rtpmap, case-insensitive:
/// "PCMU", "PCMA", "G722", "opus", and "telephone-event" (RFC 4733) when DTMF is wanted.
/// PCMU, PCMA and telephone-event: what every SIP phone can take.
std::vector<std::string> default_codecs();

/// What a call or an answer asks of its media. Each member left at its default takes the
/// manager's (SessionManagerConfig::media), so CallOptions{} means "as configured".
struct MediaOptions {
    /// Empty: the manager's codecs (default_codecs() unless configured).
    std::vector<std::string> codecs;
    /// The IP our SDP names for RTP; empty: the manager's, else the first listener's address.
    std::string rtp_address;
    /// The RTP port our SDP names instead of the bound one (RTCP: this + 1), when something
    /// in front of us maps it to ours: a NAT's port forward, a relay (the impairment tests
    /// put one there). 0: the bound port.
    std::uint16_t advertised_rtp_port = 0;
};

struct CallOptions {
    std::string from;          ///< our URI; empty: sip:<user>@<listen address>
    std::string display_name;  ///< in From, quoted
    MediaOptions media;
    /// Extra header fields for the INVITE ("Name", "value").
    std::vector<std::pair<std::string, std::string>> headers;
};

struct AnswerOptions {
    MediaOptions media;
};

/// What happens when sessions.size() == max_sessions and another call comes or is made.
struct SessionLimits {
    std::size_t max_sessions = 100'000;
    std::chrono::seconds retry_after{5};  ///< in the 503 for an incoming call over the limit
    /// An incoming call nobody answers is rejected 480 after this long (reason Timeout).
    std::chrono::seconds no_answer_timeout{120};
};

/// Re-INVITEs we send (Session::async_hold/async_resume/async_reoffer). After a 491 (glare,
/// RFC 3261 §14.1) we wait a random time in a window, in 10 ms steps, and send again: the
/// Call-ID's owner (the caller) waits 2.1-4 s, the other end 0-2 s, so the two retries do not
/// cross again. Tests shorten the windows.
struct ReinviteConfig {
    std::chrono::milliseconds owner_retry_min{2100};
    std::chrono::milliseconds owner_retry_max{4000};
    std::chrono::milliseconds other_retry_min{0};
    std::chrono::milliseconds other_retry_max{2000};
    /// Re-INVITEs sent for one operation, the first included; the last 491 ends the operation
    /// with errc::glare.
    std::size_t max_attempts = 3;
};

/// The media engine behind each call (RTP, codecs, jitter buffer, DTMF, quality).
struct MediaEngineConfig {
    /// Off: SDP is negotiated as usual but no port is bound and no RTP flows (signalling-only
    /// use, and the call-setup benchmark, which measures SIP alone).
    bool enabled = true;
    /// No RTP for this long while we expect it: MediaFailed ("no RTP"). Zero: never.
    std::chrono::milliseconds rtp_timeout{0};
    /// And then the call is hung up (BYE), as a PBX does with a dead peer.
    bool hangup_on_rtp_timeout = false;
    /// MediaQuality every interval. Zero: only Session::async_media_stats().
    std::chrono::milliseconds quality_interval{0};
    /// RTCP's minimum interval (RFC 3550 §6.2: 5 s).
    std::chrono::milliseconds rtcp_interval{5000};
    /// Follow a peer whose RTP moves to another address (instead of dropping it as bleed).
    bool allow_relatch = false;
    std::chrono::milliseconds jitter_min_delay{20};
    std::chrono::milliseconds jitter_max_delay{200};
};

struct SessionManagerConfig {
    std::size_t workers = 0;  ///< 0: one per core
    /// Where we listen; the first one's address goes into Contact and the default From.
    std::vector<transport::ListenSpec> listen;
    std::string user = "sc";  ///< user part of our Contact and default From
    std::string user_agent = "session-core";
    transaction::TimerConfig timers{};
    transport::TransportOptions transport{};
    SessionLimits limits{};
    /// What calls and answers take for what their MediaOptions leave unset; codecs empty here
    /// too: default_codecs().
    MediaOptions media{};
    ReinviteConfig reinvite{};
    /// Events waiting for the application beyond this are dropped and counted
    /// (SessionManager::events_dropped()), never queued without bound.
    std::size_t event_capacity = 65'536;
    /// RTP ports are bound from this range (even numbers; RTCP is port + 1).
    std::uint16_t rtp_port_min = 20'000;
    std::uint16_t rtp_port_max = 29'999;
    MediaEngineConfig media_engine{};
};

}  // namespace sessioncore::session
