#pragma once
// Building a new request or response in canonical form (RFC 3261 §7): start line with single
// spaces, "Name: value" CRLF per header, full header names, Content-Length always matching the
// body. The result is an ordinary Message (the bytes parsed again), so a built message and a
// received one behave alike.

#include <cstdint>
#include <string>
#include <string_view>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/header_id.hpp>
#include <sessioncore/sip/message.hpp>

namespace sessioncore::sip {

class MessageBuilder {
public:
    /// "METHOD request-uri SIP/2.0". Precondition: method is a token, uri has no whitespace.
    static MessageBuilder request(std::string_view method, std::string_view request_uri);
    /// "SIP/2.0 status reason"; an empty reason takes the standard phrase for the status.
    /// Precondition: 100 <= status <= 699.
    static MessageBuilder response(std::uint16_t status, std::string_view reason = {});

    /// Appends a header field (full name for known ids). Values are written as given, without
    /// surrounding whitespace; CR and LF in them are a precondition violation.
    MessageBuilder& header(HeaderId id, std::string_view value);
    MessageBuilder& header(std::string_view name, std::string_view value);
    /// Sets the body and its Content-Type; Content-Length is written by the builder.
    MessageBuilder& body(std::string_view content_type, std::string_view bytes);

    /// The canonical bytes.
    [[nodiscard]] std::string str() const;
    /// The bytes parsed into a Message; fails only when a value breaks the parser's framing or
    /// limits.
    [[nodiscard]] Result<Message> build() const;

private:
    /// Room for a typical response's head, so that appending fields rarely reallocates.
    static constexpr std::size_t initial_capacity = 512;
    explicit MessageBuilder(std::string start_line);
    void append_field(std::string_view name, std::string_view value);
    std::string head_;  // start line and header fields, each ending in CRLF
    std::string content_type_;
    std::string body_;
};

}  // namespace sessioncore::sip
