#pragma once
// The session's view of offer/answer: MediaOptions (codec names) turned into sdp capabilities,
// one sdp::OfferAnswer per call, and the few questions the call flows ask of it.

#include <cstdint>
#include <string>
#include <string_view>

#include <sessioncore/sdp/offer_answer.hpp>
#include <sessioncore/session/options.hpp>

namespace sessioncore::session::detail {

/// What SdpNegotiated reports about the first accepted audio stream.
struct NegotiationSummary {
    std::string codec;
    std::uint8_t payload_type = 0;
    std::string remote_address;
    std::uint16_t remote_port = 0;
    std::string direction;  ///< ours: sendrecv, sendonly, recvonly, inactive
};

/// MediaOptions' codec names as sdp codecs, in order. Errors: sdp invalid_capabilities for an
/// unknown name.
sdp::Result<sdp::MediaCapabilities> capabilities_of(
    const MediaOptions& media, std::string_view address, std::uint16_t port,
    sdp::Direction direction = sdp::Direction::SendRecv);

class Negotiation {
public:
    /// Our offer (INVITE without a pending remote offer, or a re-INVITE).
    sdp::Result<std::string> make_offer(const MediaOptions& media, std::string_view address,
                                        std::uint16_t port);
    /// A remote offer (INVITE, re-INVITE, or a 2xx to an INVITE without SDP).
    sdp::Result<void> take_offer(std::string_view body);
    /// The answer to our pending offer (183, 2xx or ACK).
    sdp::Result<void> take_answer(std::string_view body);
    /// What we send next: the answer when a remote offer is pending, else a (re-)offer.
    sdp::Result<std::string> local_description(const MediaOptions& media, std::string_view address,
                                               std::uint16_t port);
    void rollback() { (void)state_.rollback(); }

    /// We hold the peer (RFC 3264 §8.4): our offers say sendonly, or inactive when the peer
    /// holds us too; our answers never ask to receive.
    void set_local_hold(bool hold) noexcept { local_hold_ = hold; }
    [[nodiscard]] bool local_hold() const noexcept { return local_hold_; }
    /// The direction our next offer names.
    [[nodiscard]] sdp::Direction offer_direction() const noexcept;

    [[nodiscard]] bool complete() const noexcept {
        return state_.state() == sdp::OfferAnswerState::Complete;
    }
    [[nodiscard]] bool awaiting_answer() const noexcept {
        return state_.state() == sdp::OfferAnswerState::OfferSent;
    }
    /// The negotiated audio stream does not send both ways (RFC 3264 §8.4 hold either side).
    [[nodiscard]] bool on_hold() const noexcept;
    [[nodiscard]] NegotiationSummary summary() const;
    /// The first accepted audio stream of the completed offer/answer, if any.
    [[nodiscard]] const sdp::NegotiatedStream* stream() const noexcept;

private:
    sdp::OfferAnswer state_;
    bool local_hold_ = false;
};

}  // namespace sessioncore::session::detail
