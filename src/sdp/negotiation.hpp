#pragma once
// Pieces shared by make_offer, make_answer and apply_answer (private to the sdp layer).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sessioncore/sdp/offer_answer.hpp>

namespace sessioncore::sdp::detail {

/// The media stream we negotiate: an RTP/AVP audio line (RFC 3551).
inline constexpr std::string_view audio_media = "audio";
inline constexpr std::string_view audio_proto = "RTP/AVP";

[[nodiscard]] constexpr bool sends(Direction d) noexcept {
    return d == Direction::SendRecv || d == Direction::SendOnly;
}
[[nodiscard]] constexpr bool receives(Direction d) noexcept {
    return d == Direction::SendRecv || d == Direction::RecvOnly;
}
/// The same stream seen from the other end: sendonly <-> recvonly.
[[nodiscard]] Direction reversed(Direction d) noexcept;
/// The direction with sending / receiving switched on as given.
[[nodiscard]] Direction direction_from(bool send, bool receive) noexcept;

/// "IP6" for an address with a ':', else "IP4".
[[nodiscard]] std::string addrtype_of(std::string_view address);
/// 0.0.0.0 (RFC 3264 §8.4) or "::": the peer wants nothing sent to it.
[[nodiscard]] bool is_unspecified(const Connection* connection) noexcept;

/// The codec the m= line names with `payload_type`: its a=rtpmap and a=fmtp, or, without an
/// rtpmap, the RFC 3551 static assignment.
[[nodiscard]] std::optional<Codec> described_codec(const MediaDescription& m,
                                                   std::uint8_t payload_type);

/// Appends `payload_type` to the formats with its a=rtpmap and (if any) a=fmtp.
void append_format(MediaDescription& m, std::uint8_t payload_type, const Codec& codec);

/// Checks what make_offer and make_answer need; errc::invalid_capabilities otherwise.
[[nodiscard]] bool usable(const MediaCapabilities& caps) noexcept;

/// v= o= s= c= t= of a description of ours, no media yet.
[[nodiscard]] SessionDescription base_description(const MediaCapabilities& caps,
                                                  const OfferContext& context);

/// What an accepted stream means for us. `answer_m` gives the chosen formats (first non-DTMF
/// one is the codec), `remote`/`remote_m` the peer's description (addresses, rtpmaps, ptime);
/// `codec_fallback` describes types `remote_m` does not; `ours` is the stream's direction from
/// our side.
struct StreamView {
    std::size_t index = 0;
    const MediaDescription* answer_m = nullptr;
    const SessionDescription* remote = nullptr;
    const MediaDescription* remote_m = nullptr;
    const MediaDescription* codec_fallback = nullptr;
    Direction ours = Direction::SendRecv;
    bool rtcp_mux = false;
};
[[nodiscard]] std::optional<NegotiatedStream> summarize(const StreamView& view);

}  // namespace sessioncore::sdp::detail
