#pragma once
// The stateless answer to input that sip::parse or sip::validate refused (RFC 3261 §8.2,
// §16.3, RFC 4475 §3.1.2/§3.3). The full parse may have failed, so the few header lines a
// response needs are read leniently from the raw bytes.

#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/sip/error.hpp>

namespace sessioncore::transport {

/// The lines of a failed request that a response copies (RFC 3261 §8.2.6.2), as views into
/// the raw bytes. Folded values keep their CRLF + WSP (the reply unfolds them).
struct ReplyHeaders {
    std::string_view method;
    std::vector<std::string_view> vias;  ///< every Via line's value, in order
    std::string_view from, to, call_id, cseq;
};

/// Reads the start line and the header section of `raw` without the strict parser. Returns
/// false (drop) unless it is a request, not ACK (RFC 3261 §17.2.3: never answered), with a
/// top Via whose sent-protocol is SIP/2.0/<transport> followed by a sent-by, and non-empty
/// From, To, Call-ID and CSeq. `out.vias` is cleared and reused.
bool read_reply_headers(std::string_view raw, ReplyHeaders& out);

/// Builds the response to a refused request into `out`: status Error::status(), reason
/// Error::reason_phrase(), Via/From/To/Call-ID/CSeq copied, a To tag added when absent,
/// Content-Length 0. Returns false when the bytes are not answerable (see above): drop.
bool build_stateless_reply(std::string_view raw, const sip::Error& error, std::string& out,
                           ReplyHeaders& scratch);

}  // namespace sessioncore::transport
