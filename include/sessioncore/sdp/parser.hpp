#pragma once
// Parsing and encoding a session description (RFC 8866 §5). Bytes in, values out: no I/O.

#include <cstddef>
#include <string>
#include <string_view>

#include <sessioncore/sdp/error.hpp>
#include <sessioncore/sdp/session_description.hpp>

namespace sessioncore::sdp {

/// Bounds on what parse() accepts; over any of them is an error, never a crash.
struct Limits {
    std::size_t max_size = 64 * 1024;   ///< bytes of the whole description (errc::too_large)
    std::size_t max_media = 64;         ///< m= lines (errc::too_many_media)
    std::size_t max_attributes = 1024;  ///< a= lines, all levels (errc::too_many_attributes)
};

/// Parses a session description. Lines end in CRLF (RFC 8866 §5) or, leniently, a bare LF; the
/// last line may lack its end. Enforces the §5 line order, the mandatory v= o= s= t= lines and a
/// c= at session level or in every m= section (§5.7), and checks the typed attributes the media
/// accessors read (rtpmap, fmtp, ptime, maxptime, rtcp, crypto). Errors carry the 1-based line.
Result<SessionDescription> parse(std::string_view text, const Limits& limits = {});

/// Serializes in the canonical order of RFC 8866 §5 (v o s i u e p c b t r z k a, then each m=
/// with i c b k a), every line ending in CRLF. parse(encode(d)) == d for every parsed d.
std::string encode(const SessionDescription& description);

}  // namespace sessioncore::sdp
