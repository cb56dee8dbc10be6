#pragma once
// Errors of the dialog layer (STYLE.md §3): one errc and the category "sessioncore.dialog".

#include <cstdint>
#include <type_traits>

#include <boost/system/error_code.hpp>

namespace sessioncore::dialog {

enum class errc : std::uint8_t {
    /// From, To, Call-ID or CSeq is missing or malformed (RFC 3261 §8.1.1).
    bad_message = 1,
    /// The response creates no dialog: not 101-299, or no To tag (RFC 3261 §12.1).
    not_dialog_creating,
    /// A dialog-creating message lacks a usable Contact (RFC 3261 §12.1.1, §12.1.2).
    bad_contact,
    /// A Record-Route or Route element does not parse (RFC 3261 §20.30).
    bad_route,
    /// The message's Call-ID and tags name another dialog (RFC 3261 §12.2).
    wrong_dialog,
    /// The table already holds a dialog with this id.
    duplicate_dialog,
};

/// The category named "sessioncore.dialog".
const boost::system::error_category& dialog_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), dialog_category()};
}

}  // namespace sessioncore::dialog

template <>
struct boost::system::is_error_code_enum<sessioncore::dialog::errc> : std::true_type {};
