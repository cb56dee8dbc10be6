#pragma once
// Byte-to-text helpers for sc-sip's JSON output: a SIP body may be any bytes (RFC 4475 mpart01
// carries NULs and bare LFs), and JSON strings must be Unicode.

#include <string>
#include <string_view>

namespace sessioncore::tools {

/// True when `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// Standard base64 with padding (RFC 4648 §4).
std::string base64_encode(std::string_view bytes);

}  // namespace sessioncore::tools
