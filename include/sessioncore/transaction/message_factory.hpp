#pragma once
// Messages the transaction layer and its TU derive from other messages: responses (RFC 3261
// §8.2.6), the ACK for a non-2xx final response (§17.1.1.3), CANCEL (§9.1), and fresh branch
// and tag values (§8.1.1.7, §19.3). Each returns an ordinary sip::Message built with
// sip::MessageBuilder; folded header lines of the input are written on one line.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/message.hpp>

namespace sessioncore::transaction {

/// One extra header field of a built response.
struct ExtraHeader {
    std::string_view name;
    std::string_view value;
};

/// How make_response() fills in what the request does not decide.
struct ResponseOptions {
    std::string_view reason{};  ///< empty: the standard phrase of the status
    /// The To tag added when the request's To has none and the status is not 100 (§8.2.6.2).
    /// Empty: a fresh make_tag(). Pass the same tag for every response of one dialog.
    std::string_view to_tag{};
    std::span<const ExtraHeader> headers{};  ///< appended after the copied ones, in order
    std::string_view content_type{};         ///< with body
    std::string_view body{};
};

/// A response to `request` per RFC 3261 §8.2.6: every Via in order, From, To (with a tag added
/// for status > 100 when absent), Call-ID, CSeq, and for 100 the Timestamp (§8.2.6.1). Works for
/// stateless replies too. Precondition: request.is_request(), 100 <= status <= 699.
/// Errors: the request's From/To/Call-ID/CSeq/Via is missing or malformed (sip::Error).
[[nodiscard]] sip::Result<sip::Message> make_response(const sip::Message& request,
                                                      std::uint16_t status,
                                                      const ResponseOptions& options = {});

/// The ACK a client INVITE transaction sends for a 300-699 response (RFC 3261 §17.1.1.3):
/// the INVITE's Request-URI, Call-ID, From, CSeq number with method ACK, the response's To, one
/// Via (the INVITE's top Via), the INVITE's Route headers, Max-Forwards 70, no body.
[[nodiscard]] sip::Result<sip::Message> make_ack_for_non2xx(const sip::Message& invite,
                                                            const sip::Message& response);

/// A CANCEL for a pending INVITE (RFC 3261 §9.1): the INVITE's Request-URI, Call-ID, To, From,
/// CSeq number with method CANCEL, one Via (the INVITE's top Via, so the branch matches), its
/// Route headers, Max-Forwards 70. It starts its own non-INVITE client transaction.
[[nodiscard]] sip::Result<sip::Message> make_cancel(const sip::Message& invite);

/// A new Via branch: the magic cookie "z9hG4bK" then 24 random base-32 characters (RFC 3261
/// §8.1.1.7: unique across space and time). Safe on any thread.
[[nodiscard]] std::string make_branch();

/// A new From/To tag: 16 random base-32 characters (≥ 32 bits of randomness, RFC 3261 §19.3).
[[nodiscard]] std::string make_tag();

}  // namespace sessioncore::transaction
