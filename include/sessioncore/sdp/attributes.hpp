#pragma once
// Parsers of the typed attribute values the media accessors return. Each takes the value after
// "a=<name>:" and returns an error with line 0 (sdp::parse fills in the line).

#include <chrono>
#include <string_view>

#include <sessioncore/sdp/error.hpp>
#include <sessioncore/sdp/session_description.hpp>

namespace sessioncore::sdp {

/// "96 opus/48000/2" (RFC 8866 §6.6); errc::bad_rtpmap.
Result<Rtpmap> parse_rtpmap(std::string_view value);
/// "101 0-16" (RFC 8866 §6.15); errc::bad_fmtp.
Result<Fmtp> parse_fmtp(std::string_view value);
/// "20" or "20.5" milliseconds, truncated (RFC 8866 §6.4); errc::bad_ptime.
Result<std::chrono::milliseconds> parse_ptime(std::string_view value);
/// "53020" or "53020 IN IP4 192.0.2.1" (RFC 3605 §2.1); errc::bad_rtcp.
Result<Rtcp> parse_rtcp(std::string_view value);
/// "1 AES_CM_128_HMAC_SHA1_80 inline:KEY|2^20|1:4" (RFC 4568 §9.1); errc::bad_crypto.
Result<Crypto> parse_crypto(std::string_view value);
/// "IN IP4 192.0.2.1[/ttl[/count]]" (RFC 8866 §5.7); errc::bad_connection.
Result<Connection> parse_connection(std::string_view value);

}  // namespace sessioncore::sdp
