#pragma once
// Typed values of the simpler SIP headers (RFC 3261 §20, RFC 3262, RFC 3515, RFC 3891,
// RFC 4028, RFC 6665). Each parse_* takes one header value (or one list element) and returns
// views into it. Errors are errc::bad_header_value with the header id and an offset into `text`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/method.hpp>
#include <sessioncore/sip/name_addr.hpp>
#include <sessioncore/sip/params.hpp>

namespace sessioncore::sip {

struct CSeq {
    std::uint32_t number = 0;  ///< must be < 2^31 per §8.1.1.5 when we create it; we accept 2^32-1
    std::string_view method_name;
    Method method = Method::Unknown;
};
/// "4711 INVITE"; the number must fit 32 bits (RFC 4475 scalar02).
Result<CSeq> parse_cseq(std::string_view text) noexcept;

/// A decimal with optional surrounding LWS that fits 32 bits (Expires, Min-Expires,
/// Content-Length, RSeq, Retry-After's delta, Session-Expires' delta). `which` names the header
/// for the error.
Result<std::uint32_t> parse_uint32(std::string_view text, HeaderId which) noexcept;

/// Max-Forwards: 0..255 (RFC 4475 scalar02 rejects 300).
Result<std::uint8_t> parse_max_forwards(std::string_view text) noexcept;

/// Call-ID: word [ "@" word ] (RFC 3261 §25.1). Returns the value without surrounding LWS.
Result<std::string_view> parse_call_id(std::string_view text) noexcept;

/// A single token (an option tag of Require/Supported/Unsupported, a method of Allow).
Result<std::string_view> parse_token(std::string_view text, HeaderId which) noexcept;

struct ContentType {
    std::string_view type;     ///< "application"
    std::string_view subtype;  ///< "sdp"
    Params params;
    /// Case-insensitive match on type/subtype, e.g. matches("application", "sdp").
    [[nodiscard]] bool matches(std::string_view t, std::string_view s) const noexcept;
};
/// Content-Type and each element of Accept: media-range with parameters.
Result<ContentType> parse_content_type(std::string_view text,
                                       HeaderId which = HeaderId::ContentType) noexcept;

struct Event {
    std::string_view package;  ///< "refer", "presence", "dialog"; with template ("x.y")
    Params params;
    [[nodiscard]] std::optional<std::string_view> id() const noexcept { return params.find("id"); }
};
/// Event and each element of Allow-Events (RFC 6665 §8.2.1).
Result<Event> parse_event(std::string_view text, HeaderId which = HeaderId::Event) noexcept;

enum class Refresher : std::uint8_t { Unspecified, Uac, Uas };
struct SessionExpires {
    std::uint32_t delta_seconds = 0;
    Refresher refresher = Refresher::Unspecified;
    Params params;
};
/// Session-Expires (RFC 4028 §4): delta-seconds *(;se-params), refresher=uac|uas.
Result<SessionExpires> parse_session_expires(std::string_view text) noexcept;

struct RAck {
    std::uint32_t rseq = 0;
    std::uint32_t cseq = 0;
    std::string_view method_name;
    Method method = Method::Unknown;
};
/// RAck (RFC 3262 §7.2): response-num CSeq-num Method.
Result<RAck> parse_rack(std::string_view text) noexcept;

struct Replaces {
    std::string_view call_id;
    std::string_view to_tag;
    std::string_view from_tag;
    bool early_only = false;
    Params params;
};
/// Replaces (RFC 3891 §6.1): callid *(;replaces-param); to-tag and from-tag are mandatory.
Result<Replaces> parse_replaces(std::string_view text) noexcept;

/// The Replaces carried in a Refer-To URI's headers (?Replaces=...%40...%3Bto-tag%3D...),
/// RFC 3891 §6.1 / RFC 3515 §2.1. The unescaped value is written to `storage` and the returned
/// views point into it. nullopt when the URI has no Replaces header.
Result<std::optional<Replaces>> embedded_replaces(const Uri& refer_to_uri, std::string& storage);

struct Date {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;  ///< month 1..12
};
/// SIP-date: rfc1123-date, which must be in "GMT" (RFC 3261 §20.17; RFC 4475 baddate).
Result<Date> parse_date(std::string_view text) noexcept;

}  // namespace sessioncore::sip
