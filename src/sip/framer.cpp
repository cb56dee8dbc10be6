// Stream framing (RFC 3261 §18.3): find the end of the header section, let the parser read
// Content-Length, wait for the body, hand out the message. Keep-alive CRLFs between messages
// (RFC 5626 §3.5.1) are items of their own.
#include <cstring>

#include <sessioncore/sip/framer.hpp>
#include <sessioncore/sip/parser.hpp>

namespace sessioncore::sip {
namespace {

/// Index just past the empty line that ends the header section ("\n\r\n" or "\n\n"), searching
/// from `from`; npos when not there yet.
std::size_t find_head_end(std::string_view bytes, std::size_t from) noexcept {
    while (from < bytes.size()) {
        const void* hit = std::memchr(bytes.data() + from, '\n', bytes.size() - from);
        if (hit == nullptr)
            return std::string_view::npos;
        auto nl = static_cast<std::size_t>(static_cast<const char*>(hit) - bytes.data());
        if (nl + 1 < bytes.size() && bytes[nl + 1] == '\n')
            return nl + 2;
        if (nl + 2 < bytes.size() && bytes[nl + 1] == '\r' && bytes[nl + 2] == '\n')
            return nl + 3;
        from = nl + 1;
    }
    return std::string_view::npos;
}

}  // namespace

void StreamFramer::feed(std::string_view bytes) {
    compact();
    buffer_.append(bytes);
}

void StreamFramer::compact() {
    // Drop consumed bytes when they are all consumed or when they outweigh what is left, so a
    // long-lived connection's buffer stays bounded without moving bytes on every message.
    if (read_ == 0)
        return;
    if (read_ == buffer_.size() || read_ > buffer_.size() / 2) {
        buffer_.erase(0, read_);
        read_ = 0;
    }
}

std::optional<FramedItem> StreamFramer::take_keep_alive(bool& wait) {
    // Between messages: CRLFCRLF is a ping, CRLF a pong (RFC 5626 §3.5.1); any other stray CR
    // or LF is dropped (RFC 3261 §7.5 ignores them before a start line).
    for (;;) {
        std::string_view avail(buffer_.data() + read_, buffer_.size() - read_);
        if (avail.starts_with("\r\n\r\n")) {
            read_ += 4;
            return KeepAlivePing{};
        }
        if (avail.starts_with("\r\n")) {
            wait = avail.size() < 4;  // may still become a ping
            if (wait)
                return std::nullopt;
            read_ += 2;
            return KeepAlivePong{};
        }
        if (avail.empty() || (avail[0] != '\r' && avail[0] != '\n'))
            return std::nullopt;
        wait = avail.size() == 1 && avail[0] == '\r';  // may be the start of a CRLF
        if (wait)
            return std::nullopt;
        ++read_;
    }
}

Result<std::optional<FramedItem>> StreamFramer::fail(Error e) {
    failed_ = true;
    failure_ = e;
    return failure_;
}

Result<std::optional<FramedItem>> StreamFramer::next() {
    if (failed_)
        return failure_;
    if (expected_size_ == 0) {
        bool wait = false;
        if (auto keep_alive = take_keep_alive(wait))
            return keep_alive;
        if (wait)
            return std::nullopt;
    }
    std::string_view avail(buffer_.data() + read_, buffer_.size() - read_);
    if (expected_size_ == 0) {
        std::size_t head_end = find_head_end(avail, scanned_);
        if (head_end == std::string_view::npos) {
            scanned_ = avail.size() > 2 ? avail.size() - 2 : 0;
            if (avail.size() > limits_.max_message_size)
                return fail(Error{errc::message_too_large, HeaderId::None, avail.size()});
            return std::nullopt;
        }
    } else if (avail.size() < expected_size_) {
        return std::nullopt;
    } else {
        avail = avail.substr(0, expected_size_);
    }
    Message message;
    auto parsed = parse_into(message, avail, {.framing = Framing::Stream, .limits = limits_});
    if (!parsed) {
        if (parsed.error().code != errc::need_more)
            return fail(parsed.error());
        expected_size_ = parsed.error().needed;  // 0 when unknown: search again later
        return std::nullopt;
    }
    read_ += *parsed;
    expected_size_ = 0;
    scanned_ = 0;
    return std::optional<FramedItem>(std::move(message));
}

}  // namespace sessioncore::sip
