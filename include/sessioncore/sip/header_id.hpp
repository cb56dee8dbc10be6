#pragma once
// Known SIP header names: one id per header, compact forms mapped to their full name
// (RFC 3261 §7.3.3, RFC 3515, RFC 3892, RFC 4028, RFC 6665, RFC 3841, RFC 4474).

#include <cstdint>
#include <string_view>

namespace sessioncore::sip {

enum class HeaderId : std::uint8_t {
    None = 0,  ///< not a header (start line, framing)
    Other,     ///< an extension header we do not know; compare names case-insensitively
    Accept,
    AcceptContact,  // a
    AcceptEncoding,
    AcceptLanguage,
    AlertInfo,
    Allow,
    AllowEvents,  // u
    AuthenticationInfo,
    Authorization,
    CallId,  // i
    CallInfo,
    Contact,  // m
    ContentDisposition,
    ContentEncoding,  // e
    ContentLanguage,
    ContentLength,  // l
    ContentType,    // c
    CSeq,
    Date,
    ErrorInfo,
    Event,  // o
    Expires,
    From,          // f
    Identity,      // y
    IdentityInfo,  // n
    InReplyTo,
    MaxForwards,
    MimeVersion,
    MinExpires,
    MinSe,
    Organization,
    PAssertedIdentity,
    Path,
    Priority,
    Privacy,
    ProxyAuthenticate,
    ProxyAuthorization,
    ProxyRequire,
    RAck,
    Reason,
    RecordRoute,
    ReferTo,        // r
    ReferredBy,     // b
    RejectContact,  // j
    Replaces,
    ReplyTo,
    RequestDisposition,  // d
    Require,
    RetryAfter,
    Route,
    RSeq,
    Server,
    SessionExpires,  // x
    Subject,         // s
    SubscriptionState,
    Supported,  // k
    Timestamp,
    To,  // t
    Unsupported,
    UserAgent,
    Via,  // v
    Warning,
    WwwAuthenticate,
    Count_  ///< number of ids; not a header
};

inline constexpr std::size_t header_id_count = static_cast<std::size_t>(HeaderId::Count_);

/// Id of a header name, case-insensitive, full or compact form; Other when unknown.
HeaderId header_id_of(std::string_view name) noexcept;

/// The canonical full name ("Call-ID", "WWW-Authenticate"); "" for None and Other.
std::string_view canonical_name(HeaderId id) noexcept;

/// True for headers whose value is a comma-separated list (RFC 3261 §7.3.1), which may be
/// split over several header lines: Via, Contact, Route, Record-Route, Allow, Supported, ...
bool is_list_header(HeaderId id) noexcept;

}  // namespace sessioncore::sip
