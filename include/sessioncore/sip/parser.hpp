#pragma once
// The SIP message parser (RFC 3261 §7, §18.3). Sans-IO: bytes in, a Message or an Error out.
//
// Datagram mode: the buffer is one UDP datagram. Without Content-Length the body is the rest of
// the datagram; bytes after Content-Length octets are noise and ignored (RFC 3261 §18.3).
// Stream mode: the buffer starts a TCP/TLS/WS byte stream. Content-Length is mandatory, and
// errc::need_more (with Error::needed when the total is known) says to read more.
//
// The parser checks the framing and the start line and splits every header into name and
// value; typed values are checked by validate() or parsed on demand by the accessors.

#include <cstddef>
#include <span>
#include <string_view>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/limits.hpp>
#include <sessioncore/sip/message.hpp>

namespace sessioncore::sip {

enum class Framing : std::uint8_t { Datagram, Stream };

struct ParseOptions {
    Framing framing = Framing::Datagram;
    Limits limits{};
    /// Decode the top Via, From and To once while parsing, so that Message::top_via(), from()
    /// and to() return them without parsing again. Off for messages nobody will ask much
    /// (MessageBuilder's).
    bool decode_common_headers = true;
};

/// Parses one message into `out`, reusing its storage (no allocation once `out` has held a
/// message at least as large). Returns the number of input bytes the message occupies; in
/// datagram mode trailing noise is not counted. On error `out` is left empty.
Result<std::size_t> parse_into(Message& out, std::string_view bytes,
                               const ParseOptions& options = {});

/// Parses one message into a new Message.
Result<Message> parse(std::string_view bytes, const ParseOptions& options = {});

inline Result<Message> parse(std::span<const std::byte> bytes, const ParseOptions& options = {}) {
    return parse(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                 options);
}

}  // namespace sessioncore::sip
