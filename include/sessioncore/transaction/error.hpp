#pragma once
// Errors of the transaction layer (STYLE.md §3): one errc and the category
// "sessioncore.transaction".

#include <cstdint>
#include <type_traits>

#include <boost/system/error_code.hpp>

namespace sessioncore::transaction {

enum class errc : std::uint8_t {
    /// The TU command does not fit the state, e.g. a second final response (RFC 3261 §17.2.1).
    wrong_state = 1,
    /// A response was expected and the message is a request, or the other way round.
    wrong_kind,
    /// The message lacks what a transaction key needs (top Via, CSeq, Call-ID, From).
    unkeyable,
    /// The table already holds a transaction with this key.
    duplicate_transaction,
};

/// The category named "sessioncore.transaction".
const boost::system::error_category& transaction_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), transaction_category()};
}

}  // namespace sessioncore::transaction

template <>
struct boost::system::is_error_code_enum<sessioncore::transaction::errc> : std::true_type {};
