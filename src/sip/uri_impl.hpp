#pragma once
// Private: parse_uri() writing into a caller's Uri, so that parsers embedding a URI (name-addr)
// fill their own struct instead of copying a 150-byte Result<Uri> (measured: those copies and
// the zeroing of temporaries were about 8% of a full INVITE decode).

#include <string_view>

#include <sessioncore/sip/uri.hpp>

namespace sessioncore::sip::detail {

/// Parses `text` into `uri` (which must be default-constructed). On failure returns false and
/// sets `error` (errc::bad_uri, offset into `text`); `uri` is then unspecified.
bool parse_uri_into(std::string_view text, Uri& uri, Error& error) noexcept;

}  // namespace sessioncore::sip::detail
