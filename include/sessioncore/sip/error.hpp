#pragma once
// Errors of the sip layer. Protocol failures are values: every parser and accessor returns
// `sip::Result<T>`, whose error says what is wrong (errc), where (header, byte offset) and which
// SIP status a server should answer with (status()).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <sessioncore/sip/header_id.hpp>

namespace sessioncore::sip {

/// What went wrong while parsing or validating a SIP message.
enum class errc : std::uint8_t {
    need_more = 1,            ///< stream: the message is not complete yet (not a failure)
    empty_message,            ///< nothing but whitespace
    bad_start_line,           ///< request/status line not of the RFC 3261 §7.1/§7.2 form
    bad_method,               ///< method is not a token
    bad_request_uri,          ///< Request-URI malformed (spaces, <>, headers, bad host)
    bad_version,              ///< well-formed SIP/x.y other than 2.0: 505
    bad_status_code,          ///< status code not three digits in 100..699
    bad_reason_phrase,        ///< control characters in the reason phrase
    bad_header_line,          ///< a header line without a name or colon
    bad_header_value,         ///< a header's value does not match its grammar
    missing_header,           ///< a mandatory header is absent (RFC 3261 §8.1.1)
    duplicate_header,         ///< a single-valued header appears more than once
    bad_content_length,       ///< not a non-negative integer, or conflicting values
    content_length_mismatch,  ///< Content-Length says more bytes than the datagram holds
    missing_content_length,   ///< stream transport without Content-Length (RFC 3261 §18.3)
    cseq_method_mismatch,     ///< CSeq method differs from the request method
    bad_branch,               ///< Via branch is only the magic cookie
    bad_uri,                  ///< a URI (outside the Request-URI) is malformed
    unsupported_uri_scheme,   ///< Request-URI scheme we do not serve: 416
    unknown_method,           ///< method not implemented: 501
    method_not_allowed,       ///< known method this element does not allow: 405
    bad_extension,            ///< Require lists an option tag we lack: 420
    unsupported_media_type,   ///< body type we do not understand: 415
    not_acceptable,           ///< Accept excludes everything we could send: 406
    too_many_hops,            ///< Max-Forwards is 0 at a proxy: 483
    message_too_large,        ///< whole message over Limits::max_message_size: 513
    headers_too_many,         ///< more header fields than Limits::max_header_count: 513
    header_too_long,          ///< one header field over Limits::max_header_length: 513
    uri_too_long,             ///< Request-URI over Limits::max_uri_length: 414
    body_too_large,           ///< Content-Length over Limits::max_body_size: 413
};

/// The error category of the sip layer; its name is "sessioncore.sip".
const boost::system::error_category& sip_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), sip_category()};
}

/// The SIP status code a server answers with for this error (400, 413, 414, 416, 505, ...).
std::uint16_t status_for(errc e) noexcept;

/// The standard reason phrase for a status code ("Bad Request"), or "" when unknown.
std::string_view reason_phrase_for(std::uint16_t status) noexcept;

/// A parse or validation failure: what, where, and what to answer.
struct Error {
    errc code = errc::bad_start_line;
    HeaderId header = HeaderId::None;  ///< the header at fault, None for the start line or framing
    std::uint32_t offset = 0;          ///< byte offset into the message where it was detected
    std::uint32_t needed = 0;          ///< for need_more: total bytes needed, when known (else 0)

    Error() = default;
    Error(errc c, HeaderId h = HeaderId::None, std::size_t at = 0) noexcept
        : code(c), header(h), offset(static_cast<std::uint32_t>(at)) {}

    [[nodiscard]] boost::system::error_code ec() const noexcept { return make_error_code(code); }
    [[nodiscard]] std::uint16_t status() const noexcept { return status_for(code); }
    /// One line for logs: "bad Via header value (byte 123)".
    [[nodiscard]] std::string message() const;
    /// The reason phrase for the answer, naming the problem: "Bad Request - Malformed Via".
    [[nodiscard]] std::string reason_phrase() const;

    friend bool operator==(const Error& a, const Error& b) noexcept = default;
};

/// Result of every fallible sip operation.
template <class T>
using Result = boost::system::result<T, Error>;

/// Lets `Result<T>::value()` throw on error (programming errors and tests only).
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

}  // namespace sessioncore::sip

template <>
struct boost::system::is_error_code_enum<sessioncore::sip::errc> : std::true_type {};
