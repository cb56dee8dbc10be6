#pragma once
// Building a new request or response in canonical form (RFC 3261 §7): start line with single
// spaces, "Name: value" CRLF per header, full header names, Content-Length always matching the
// body. The result is an ordinary Message, the same one parse() would make of str() (a test
// holds the two equal), so a built message and a received one behave alike.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
    /// The Message parse() makes of str(), assembled from what the builder wrote (no second
    /// pass over the bytes); fails, with parse()'s error, only when the message breaks the
    /// parser's default limits or a reason phrase holds a control character.
    [[nodiscard]] Result<Message> build() const;

private:
    /// Room for a typical response's head, so that appending fields rarely reallocates.
    static constexpr std::size_t initial_capacity = 512;
    /// Where one header field went in head_: its line starts at `begin`, the value follows
    /// "name: " and the line ends with CRLF.
    struct Field {
        HeaderId id;
        std::uint32_t begin;
        std::uint32_t name_size;
        std::uint32_t value_size;
    };
    MessageBuilder(std::string start_line, std::size_t method_size);
    void append_field(HeaderId id, std::string_view name, std::string_view value);
    [[nodiscard]] Result<void> check(std::size_t size, std::span<const Field> tail) const;
    void assemble(Message& m, std::span<const Field> tail) const;
    std::string head_;             // start line and header fields, each ending in CRLF
    std::size_t start_size_ = 0;   // the start line with its CRLF
    std::size_t method_size_ = 0;  // requests: the method's length; 0 for a response
    std::vector<Field> fields_;
    std::string content_type_;
    std::string body_;
};

}  // namespace sessioncore::sip
