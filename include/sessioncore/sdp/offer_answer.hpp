#pragma once
// The offer/answer model of RFC 3264 over SessionDescription: building an offer from what the
// local side can do, answering a remote offer, checking a remote answer, and the per-dialog
// state machine that holds the descriptions and our o= line. Values in, values out: no I/O.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/sdp/codec.hpp>
#include <sessioncore/sdp/error.hpp>
#include <sessioncore/sdp/parser.hpp>
#include <sessioncore/sdp/session_description.hpp>

namespace sessioncore::sdp {

/// What the local side can do: one audio stream.
struct MediaCapabilities {
    std::vector<Codec> codecs;  ///< most preferred first; telephone-event entries included
    std::string address;        ///< local RTP address, an IPv4 or IPv6 literal
    std::uint16_t port = 0;     ///< local RTP port (RTCP on port + 1 unless rtcp-mux is used)
    Direction direction = Direction::SendRecv;       ///< what we want (RFC 3264 §5.1)
    std::optional<std::chrono::milliseconds> ptime;  ///< the packet time we want to receive
    bool rtcp_mux = false;       ///< offer / accept RTP and RTCP on one port (RFC 5761)
    std::string username = "-";  ///< o= username
    std::string session_id;      ///< o= sess-id (digits; RFC 8866 §5.2)
};

/// The parts of a description that are not capabilities.
struct OfferContext {
    std::uint64_t session_version = 0;  ///< o= sess-version
    std::string session_name = "-";     ///< s=
};

/// The outcome of one m= line for the media layer.
struct NegotiatedStream {
    std::size_t index = 0;          ///< position of the m= line
    bool accepted = false;          ///< false: the stream is rejected (port 0); the rest is unset
    std::uint8_t payload_type = 0;  ///< the codec we send and expect (the offer's number)
    Codec codec;  ///< the selected codec as the peer describes it (its fmtp governs our sending)
    std::optional<std::uint8_t> telephone_event_pt;  ///< RFC 4733 events, when both agreed
    std::optional<std::uint32_t> telephone_event_rate;
    std::string remote_address;  ///< where we send RTP
    std::uint16_t remote_port = 0;
    std::string remote_rtcp_address;     ///< a=rtcp (RFC 3605), else the RTP address
    std::uint16_t remote_rtcp_port = 0;  ///< a=rtcp, else RTP port + 1, or the RTP port if muxed
    bool rtcp_mux = false;               ///< both sides put a=rtcp-mux (RFC 5761 §5.1.1)
    bool send = false;                   ///< we send media on this stream
    bool receive = false;                ///< we expect media on this stream
    std::optional<std::chrono::milliseconds> remote_ptime;  ///< peer's wish for what we send

    friend bool operator==(const NegotiatedStream&, const NegotiatedStream&) = default;
};

/// An answer to a remote offer and what it means for the media.
struct Answer {
    SessionDescription description;
    std::vector<NegotiatedStream> streams;  ///< one per m= line, same order
};

/// An offer: one "m=audio" RTP/AVP line listing every codec of `caps` in order. Static types for
/// codecs that have one, 96 upwards for the others; an a=rtpmap for every format (static ones
/// too: many phones expect it), a=fmtp where given, a=ptime, a=rtcp-mux, the direction, c= at
/// session level. Errors: errc::invalid_capabilities (no codec, no address, port 0, or more
/// dynamic codecs than types 96-127).
Result<SessionDescription> make_offer(const MediaCapabilities& caps, const OfferContext& context);

/// Answers `offer` (RFC 3264 §6): one m= line per offered one, same order. The first audio
/// RTP/AVP line with a codec in common is accepted: codecs in our order of preference, with
/// the offer's payload type numbers, plus telephone-event when offered (preferring the rate of
/// the selected codec). Every other line is rejected: port 0, formats copied. Directions answer
/// §6.1 (sendonly→recvonly, recvonly→sendonly, inactive→inactive, sendrecv→what we want); an
/// offer whose c= is 0.0.0.0 (RFC 3264 §8.4, the RFC 2543 hold) means we must not send, so we
/// answer as to sendonly. a=ptime is ours, not an echo: each side states what it wants to
/// receive (§6.1). Errors: errc::no_common_codec when no line is accepted (answer 488),
/// errc::invalid_capabilities.
Result<Answer> make_answer(const SessionDescription& offer, const MediaCapabilities& caps,
                           const OfferContext& context);

/// Checks a remote `answer` against the offer we sent (RFC 3264 §6) and returns one
/// NegotiatedStream per m= line. Errors: errc::answer_media_count, answer_media_mismatch,
/// answer_format_not_offered (also a type renamed to another codec), answer_direction,
/// no_common_codec (an accepted audio line naming no codec besides telephone-event).
Result<std::vector<NegotiatedStream>> apply_answer(const SessionDescription& offer_we_sent,
                                                   const SessionDescription& answer);

/// True for "application/sdp" in any case, parameters and surrounding blanks ignored. A body
/// of another type cannot carry an offer: the session layer answers 415.
bool is_sdp_content_type(std::string_view content_type) noexcept;

/// Where one dialog's offer/answer exchange stands (RFC 3264 §4, RFC 6337 §2).
enum class OfferAnswerState : std::uint8_t { None, OfferSent, OfferReceived, Complete };

std::string_view to_string(OfferAnswerState s) noexcept;

struct OfferAnswerOptions {
    std::uint64_t first_version = 1;  ///< o= sess-version of our first description
    Limits limits;                    ///< for parsing remote descriptions
};

/// The offer/answer state of one dialog. Our o= username and session id are fixed by the first
/// description we make; the version goes up by one exactly when a description differs from
/// the last one we sent in anything but o= (RFC 3264 §8). Not thread-safe: owned by the
/// dialog's shard.
class OfferAnswer {
public:
    explicit OfferAnswer(OfferAnswerOptions options = {});

    /// Makes an offer (initial or re-offer) and returns its text. State None or Complete →
    /// OfferSent. Errors: errc::offer_pending in OfferSent or OfferReceived,
    /// errc::invalid_capabilities.
    Result<std::string> local_offer(const MediaCapabilities& caps);
    /// Takes a remote offer. None or Complete → OfferReceived. Errors: errc::offer_pending (491)
    /// while an offer is outstanding either way; parse errors (488 with Error::reason()).
    Result<void> remote_offer(std::string_view text);
    /// Answers the pending remote offer and returns the answer's text. OfferReceived → Complete.
    /// Errors: errc::wrong_state, errc::no_common_codec (state unchanged: answer 488, then
    /// rollback()).
    Result<std::string> local_answer(const MediaCapabilities& caps);
    /// Takes the answer to our pending offer. OfferSent → Complete. Errors: errc::wrong_state,
    /// parse errors, apply_answer()'s errors (state unchanged; the caller decides).
    Result<std::vector<NegotiatedStream>> remote_answer(std::string_view text);
    /// Abandons the pending offer (ours refused with 488/491, or theirs we refused): back to
    /// the state and descriptions before it. The version counter is not rolled back, so a later
    /// description never reuses a version the peer has seen with other content.
    /// Errors: errc::wrong_state unless OfferSent or OfferReceived.
    Result<void> rollback();

    [[nodiscard]] OfferAnswerState state() const noexcept { return state_; }
    /// The last description we made (a pending offer included), if any.
    [[nodiscard]] const std::optional<SessionDescription>& local() const noexcept { return local_; }
    /// The last description the peer sent (a pending offer included), if any.
    [[nodiscard]] const std::optional<SessionDescription>& remote() const noexcept {
        return remote_;
    }
    /// The streams of the last completed exchange (empty before the first).
    [[nodiscard]] const std::vector<NegotiatedStream>& negotiated() const noexcept {
        return negotiated_;
    }

private:
    struct Saved {
        OfferAnswerState state = OfferAnswerState::None;
        std::optional<SessionDescription> local;
        std::optional<SessionDescription> remote;
    };

    MediaCapabilities with_our_origin(const MediaCapabilities& caps);
    std::string stamp(SessionDescription& description);
    void save();

    OfferAnswerOptions options_;
    OfferAnswerState state_ = OfferAnswerState::None;
    std::optional<SessionDescription> local_;
    std::optional<SessionDescription> remote_;
    std::vector<NegotiatedStream> negotiated_;
    Saved saved_;
    std::optional<std::string> username_;
    std::optional<std::string> session_id_;
    std::optional<SessionDescription> last_sent_;
    std::uint64_t version_ = 0;  ///< o= sess-version of last_sent_
};

}  // namespace sessioncore::sdp
