#pragma once
// Errors of the session API (STYLE.md §3): one errc and the category "sessioncore.session".

#include <cstdint>
#include <type_traits>

#include <boost/system/error_code.hpp>

namespace sessioncore::session {

enum class errc : std::uint8_t {
    /// The target is not a sip: or sips: URI we can send to.
    bad_target = 1,
    /// max_sessions are live already.
    too_many_sessions,
    /// The operation does not fit the session's state (answer() on an outgoing call, ...).
    wrong_state,
    /// The session ended (or never existed) before the operation could complete.
    no_such_session,
    /// The session ended before reaching the state waited for.
    terminated,
    /// The SessionManager is not running (start() not called, or stop() called).
    not_running,
    /// The target's host could not be resolved.
    resolve_failed,
    /// MediaOptions name a codec we do not know, or no codec at all.
    bad_media,
    /// A re-INVITE needs a connected call (Connected or OnHold) with a confirmed dialog.
    not_connected,
    /// Another re-INVITE of ours is still in progress on this session (RFC 3261 §14.1).
    busy,
    /// The peer refused our re-INVITE with a final status other than 408/481/491; the
    /// session stays as it was (§14.1).
    reinvite_rejected,
    /// Every attempt of our re-INVITE met a 491 (glare, §14.1).
    glare,
    /// The session has no media stream to act on: not negotiated yet, the stream was rejected,
    /// or the media engine is off (MediaEngineConfig::enabled).
    no_media,
    /// No RTP ports were free (or could be bound) for the call's stream.
    no_media_ports,
};

const boost::system::error_category& session_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), session_category()};
}

}  // namespace sessioncore::session

template <>
struct boost::system::is_error_code_enum<sessioncore::session::errc> : std::true_type {};
