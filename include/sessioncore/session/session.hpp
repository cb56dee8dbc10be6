#pragma once
// Session: one call leg, as the application holds it. A cheap copyable handle; every method is
// safe from any thread (the work is posted to the session's shard, DESIGN.md "Runtime model").
// A handle outlives its session harmlessly: operations on an ended session do nothing, and
// async_wait_for() completes with errc::terminated / no_such_session.

#include <cstdint>
#include <memory>
#include <string>

#include <boost/system/error_code.hpp>

#include <sessioncore/session/call_state.hpp>
#include <sessioncore/session/detail/async.hpp>
#include <sessioncore/session/events.hpp>
#include <sessioncore/session/media_types.hpp>
#include <sessioncore/session/options.hpp>
#include <sessioncore/session/session_id.hpp>

namespace sessioncore::session {

namespace detail {
struct SessionRecord;
}

/// What a re-INVITE we send asks for (RFC 3264 §8).
enum class Reoffer : std::uint8_t {
    Hold,    ///< our stream sendonly (inactive when the peer holds us), §8.4
    Resume,  ///< our stream sendrecv again
    Media,   ///< new MediaOptions, the hold state kept
};

/// A snapshot of a session, taken when asked.
struct SessionInfo {
    SessionId id;
    CallDirection direction = CallDirection::Outgoing;
    CallState state = CallState::Initializing;
    Termination termination;
    std::string call_id;
    std::string local_tag;
    std::string remote_tag;  ///< empty until a dialog exists
    std::string local_uri;   ///< From for outgoing calls, To for incoming ones
    std::string remote_uri;
    std::string remote_target;   ///< the peer's Contact
    std::string local_sdp;       ///< the last description we sent
    std::string remote_sdp;      ///< the last one we received
    std::string linked_call_id;  ///< set by SessionManager::link_session_to_call()
    MediaState media_state = MediaState::None;
    EventTime created_at{};
    EventTime connected_at{};  ///< zero until Connected
    EventTime ended_at{};      ///< zero until Terminated
};

class Session {
public:
    Session() = default;  ///< an empty handle
    explicit Session(std::shared_ptr<detail::SessionRecord> record) noexcept
        : record_(std::move(record)) {}

    [[nodiscard]] explicit operator bool() const noexcept { return record_ != nullptr; }
    [[nodiscard]] SessionId id() const noexcept;
    [[nodiscard]] CallState state() const noexcept;
    [[nodiscard]] SessionInfo info() const;

    /// Incoming: 200 OK with our SDP answer (or offer, when the INVITE had none).
    void answer(AnswerOptions options = {});
    /// Incoming, before answer: a final response (300-699; default 486 Busy Here).
    void reject(std::uint16_t status = 486, std::string reason = {});
    /// Incoming, before answer: 180 Ringing.
    void ringing();
    /// Incoming, before answer: 183 Session Progress with our SDP (early media).
    void progress(AnswerOptions options = {});
    /// Ends the call the way its state needs: CANCEL while our INVITE is pending, 603 for an
    /// incoming call not yet answered, BYE once connected. Nothing once terminating.
    void hangup();

    /// Completes with success once the session is in `state` (at once if it is), or with
    /// errc::terminated when it ends first (unless `state` is Terminated). Signature
    /// void(boost::system::error_code).
    template <class Token>
    auto async_wait_for(CallState state, Token&& token) {
        return detail::async_via_callback<boost::system::error_code>(
            executor(), std::forward<Token>(token),
            [this, state](std::function<void(boost::system::error_code)> complete) {
                start_wait(state, std::move(complete));
            });
    }

    /// Re-INVITEs (RFC 3261 §14.1). Each sends an offer and completes once the re-INVITE
    /// transaction is over: success once the 2xx is ACKed and the state (Connected or OnHold)
    /// follows the answer, after SdpNegotiated and StateChanged are in the event channel.
    /// Errors: errc::not_connected (not Connected/OnHold), busy (another re-INVITE of ours in
    /// progress), bad_media, reinvite_rejected (a final 3xx-6xx: the session stays as it was),
    /// glare (ReinviteConfig::max_attempts 491s), terminated (the call ended first; a 408, 481
    /// or no answer ends it with BYE, RFC 3261 §12.2.1.2), no_such_session. Signature
    /// void(boost::system::error_code).
    template <class Token>
    auto async_hold(Token&& token) {
        return async_reoffer_as(Reoffer::Hold, MediaOptions{}, std::forward<Token>(token));
    }
    template <class Token>
    auto async_resume(Token&& token) {
        return async_reoffer_as(Reoffer::Resume, MediaOptions{}, std::forward<Token>(token));
    }
    /// A re-offer with other media (codecs, RTP address); on hold or not as before.
    template <class Token>
    auto async_reoffer(MediaOptions media, Token&& token) {
        return async_reoffer_as(Reoffer::Media, std::move(media), std::forward<Token>(token));
    }

    /// Media (the call's AudioChannel). Each may be asked before the media is up: play and
    /// record then take effect when it starts. Signature void(boost::system::error_code).
    /// Errors: the media layer's (audio_errc::file_not_found, cannot_open, not_audio, ...),
    /// errc::no_media when the media engine is off; no_such_session / terminated.
    ///
    /// Plays a WAV file (any rate, mono or stereo) to the peer instead of silence; replaces
    /// what played before.
    template <class Token>
    auto async_play(std::string file, PlayOptions options, Token&& token) {
        return detail::async_via_callback<boost::system::error_code>(
            executor(), std::forward<Token>(token),
            [this, file = std::move(file),
             options](std::function<void(boost::system::error_code)> complete) mutable {
                start_play(std::move(file), options, std::move(complete));
            });
    }
    /// Records what the peer sends into a WAV file (complete once the call ends or another
    /// recording replaces it).
    template <class Token>
    auto async_record(std::string file, RecordOptions options, Token&& token) {
        return detail::async_via_callback<boost::system::error_code>(
            executor(), std::forward<Token>(token),
            [this, file = std::move(file),
             options](std::function<void(boost::system::error_code)> complete) mutable {
                start_record(std::move(file), options, std::move(complete));
            });
    }
    /// Queues DTMF digits ("0-9*#A-D") as RFC 4733 events; completes when they are queued.
    /// Errors: errc::no_media (no stream yet), media errc no_telephone_event, bad_dtmf_digit,
    /// not_sending.
    template <class Token>
    auto async_send_dtmf(std::string digits, DtmfSendOptions options, Token&& token) {
        return detail::async_via_callback<boost::system::error_code>(
            executor(), std::forward<Token>(token),
            [this, digits = std::move(digits),
             options](std::function<void(boost::system::error_code)> complete) mutable {
                start_dtmf(std::move(digits), options, std::move(complete));
            });
    }
    /// The stream's figures now. Signature void(boost::system::error_code, MediaStats);
    /// errc::no_media before the media is up.
    template <class Token>
    auto async_media_stats(Token&& token) {
        return detail::async_via_callback<boost::system::error_code, MediaStats>(
            executor(), std::forward<Token>(token),
            [this](std::function<void(boost::system::error_code, MediaStats)> complete) {
                start_stats(std::move(complete));
            });
    }
    /// Sends silence instead of the played audio (RTP keeps flowing), and back.
    void mute();
    void unmute();

private:
    void start_play(std::string file, PlayOptions options,
                    std::function<void(boost::system::error_code)> complete) const;
    void start_record(std::string file, RecordOptions options,
                      std::function<void(boost::system::error_code)> complete) const;
    void start_dtmf(std::string digits, DtmfSendOptions options,
                    std::function<void(boost::system::error_code)> complete) const;
    void start_stats(std::function<void(boost::system::error_code, MediaStats)> complete) const;

    template <class Token>
    auto async_reoffer_as(Reoffer what, MediaOptions media, Token&& token) {
        return detail::async_via_callback<boost::system::error_code>(
            executor(), std::forward<Token>(token),
            [this, what, media = std::move(media)](
                std::function<void(boost::system::error_code)> complete) mutable {
                start_reoffer(what, std::move(media), std::move(complete));
            });
    }
    void start_reoffer(Reoffer what, MediaOptions media,
                       std::function<void(boost::system::error_code)> complete) const;
    void start_wait(CallState state, std::function<void(boost::system::error_code)> complete) const;
    [[nodiscard]] boost::asio::any_io_executor executor() const;

    std::shared_ptr<detail::SessionRecord> record_;
};

}  // namespace sessioncore::session
