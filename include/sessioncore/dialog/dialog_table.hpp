#pragma once
// The dialogs of one UA (or one shard of it), keyed by DialogId. A request whose Call-ID and
// tags match no dialog is answered 481 by the layer above (RFC 3261 §12.2.2); a response that
// matches none belongs to no dialog of ours (a fork, or a stray). Not thread-safe: one owner.

#include <cstddef>
#include <unordered_map>

#include <sessioncore/dialog/dialog.hpp>
#include <sessioncore/dialog/dialog_id.hpp>

namespace sessioncore::dialog {

/// The id of the dialog a received request belongs to: our tag is its To tag, the peer's its
/// From tag (§12.2.2). Errors: errc::bad_message (Call-ID, From or To missing or malformed).
[[nodiscard]] Result<DialogId> id_of_received_request(const sip::Message& request);
/// The id for a received response: our tag is its From tag, the peer's its To tag (§12.2.1.2).
[[nodiscard]] Result<DialogId> id_of_received_response(const sip::Message& response);

class DialogTable {
public:
    /// Stores the dialog; the pointer stays valid until it is erased.
    /// Errors: errc::duplicate_dialog (the table keeps the one it has).
    [[nodiscard]] Result<Dialog*> insert(Dialog dialog);
    [[nodiscard]] Dialog* find(const DialogId& id) noexcept;
    /// The dialog of a received request, or nullptr (then answer 481, §12.2.2).
    [[nodiscard]] Dialog* find_for_request(const sip::Message& request);
    /// The dialog of a received response, or nullptr.
    [[nodiscard]] Dialog* find_for_response(const sip::Message& response);
    /// Removes the dialog; false when there was none.
    bool erase(const DialogId& id);
    [[nodiscard]] std::size_t size() const noexcept { return dialogs_.size(); }

private:
    std::unordered_map<DialogId, Dialog, DialogIdHash> dialogs_;
};

}  // namespace sessioncore::dialog
