// Fuzz target: the stream framer (RFC 3261 §18.3 framing, RFC 5626 §3.5.1 keep-alives).
//
// The input is a byte stream. It is framed twice: fed in chunks whose sizes come from the
// input's first bytes (draining next() after every chunk, as a transport does after each read),
// and fed all at once. Properties checked (SC_FUZZ_CHECK): both give the same sequence of items
// and the same final state (waiting with the same bytes buffered, or the same error); every item
// consumes bytes; an error is sticky; every framed message re-encodes to its own bytes.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <sessioncore/sip/framer.hpp>
#include <sessioncore/sip/validate.hpp>

#include "fuzz_check.hpp"

namespace sip = sessioncore::sip;

namespace {

/// What framing a stream produced: one string per item, then how it ended.
struct Outcome {
    std::vector<std::string> items;  // "ping", "pong" or "message:" + the message's bytes
    std::optional<sip::Error> error;
    std::size_t buffered = 0;  // when no error: bytes waiting for more input
};

std::string describe(const sip::FramedItem& item) {
    if (std::holds_alternative<sip::KeepAlivePing>(item))
        return "ping";
    if (std::holds_alternative<sip::KeepAlivePong>(item))
        return "pong";
    const auto& message = std::get<sip::Message>(item);
    SC_FUZZ_CHECK(message.encode() == message.wire());
    (void)sip::validate(message);
    return "message:" + std::string(message.wire());
}

/// Drains the framer until it needs more bytes or fails. Returns false once it has failed.
bool drain(sip::StreamFramer& framer, Outcome& out, std::size_t fed) {
    for (;;) {
        std::size_t before = framer.buffered();
        auto next = framer.next();
        if (!next) {
            out.error = next.error();
            SC_FUZZ_CHECK(next.error().code != sip::errc::need_more);
            auto again = framer.next();  // errors are sticky
            SC_FUZZ_CHECK(!again && again.error() == next.error());
            return false;
        }
        if (!*next)
            return true;
        SC_FUZZ_CHECK(framer.buffered() < before);
        out.items.push_back(describe(**next));
        SC_FUZZ_CHECK(out.items.size() <= fed);
    }
}

Outcome frame_whole(std::string_view stream) {
    Outcome out;
    sip::StreamFramer framer;
    framer.feed(stream);
    if (drain(framer, out, stream.size()))
        out.buffered = framer.buffered();
    return out;
}

/// Chunk sizes cycle through the first (up to) eight input bytes: 1 to 64 bytes each. The bytes
/// stay in the stream too, so a seed that is a plain SIP message frames as itself.
Outcome frame_chunked(std::string_view stream) {
    std::string_view plan = stream.substr(0, 8);
    Outcome out;
    sip::StreamFramer framer;
    std::size_t fed = 0;
    for (std::size_t i = 0; fed < stream.size(); ++i) {
        std::size_t chunk = 1 + static_cast<std::uint8_t>(plan[i % plan.size()]) % 64u;
        chunk = std::min(chunk, stream.size() - fed);
        framer.feed(stream.substr(fed, chunk));
        fed += chunk;
        if (!drain(framer, out, fed))
            return out;
    }
    out.buffered = framer.buffered();
    return out;
}

bool same_error(const std::optional<sip::Error>& a, const std::optional<sip::Error>& b) {
    if (a.has_value() != b.has_value())
        return false;
    // The size at which an oversized head is noticed depends on the chunking; the code does not.
    return !a || (a->code == b->code && a->header == b->header);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    std::string_view stream(reinterpret_cast<const char*>(data), size);
    Outcome whole = frame_whole(stream);
    Outcome chunked = frame_chunked(stream);
    SC_FUZZ_CHECK(whole.items == chunked.items);
    SC_FUZZ_CHECK(same_error(whole.error, chunked.error));
    SC_FUZZ_CHECK(whole.buffered == chunked.buffered);
    return 0;
}
