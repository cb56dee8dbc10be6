#pragma once
// Stream framing for TCP, TLS and WebSocket-less streams (RFC 3261 §18.3): bytes arrive in any
// chunks; whole messages come out, delimited by Content-Length. CRLF keep-alives between
// messages (RFC 5626 §3.5.1) are reported so the transport can answer them.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/limits.hpp>
#include <sessioncore/sip/message.hpp>

namespace sessioncore::sip {

/// A double CRLF received between messages: the peer wants a single-CRLF pong.
struct KeepAlivePing {};
/// A single CRLF received between messages: the answer to our ping.
struct KeepAlivePong {};

using FramedItem = std::variant<Message, KeepAlivePing, KeepAlivePong>;

class StreamFramer {
public:
    explicit StreamFramer(Limits limits = {}) : limits_(limits) {}

    /// Appends received bytes. Cheap; framing work happens in next().
    void feed(std::string_view bytes);

    /// The next complete item, nullopt when more bytes are needed, or an error after which the
    /// stream cannot be resynchronised (the transport answers if it can and closes).
    Result<std::optional<FramedItem>> next();

    /// Bytes received and not yet returned as an item.
    [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size() - read_; }

private:
    void compact();
    std::optional<FramedItem> take_keep_alive(bool& wait);
    Result<std::optional<FramedItem>> fail(Error e);
    Limits limits_;
    std::string buffer_;
    std::size_t read_ = 0;           // start of unconsumed bytes
    std::size_t scanned_ = 0;        // how far (from read_) we searched for the header end
    std::size_t expected_size_ = 0;  // total size of the current message once known
    bool failed_ = false;
    Error failure_;
};

}  // namespace sessioncore::sip
