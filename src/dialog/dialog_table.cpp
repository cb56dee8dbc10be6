#include <sessioncore/dialog/dialog_table.hpp>

#include "parts.hpp"

namespace sessioncore::dialog {
namespace {

// `local_is_to`: our tag is in To (requests we receive) or in From (responses we receive).
Result<DialogId> id_of(const sip::Message& message, bool local_is_to) {
    auto call_id = message.call_id();
    auto from = message.from();
    auto to = message.to();
    if (!call_id || !from || !to)
        return errc::bad_message;
    const auto& local = local_is_to ? *to : *from;
    const auto& remote = local_is_to ? *from : *to;
    return DialogId{std::string(*call_id), detail::tag_of(local), detail::tag_of(remote)};
}

}  // namespace

Result<DialogId> id_of_received_request(const sip::Message& request) {
    return id_of(request, true);
}

Result<DialogId> id_of_received_response(const sip::Message& response) {
    return id_of(response, false);
}

Result<Dialog*> DialogTable::insert(Dialog dialog) {
    DialogId id = dialog.id();
    auto [it, inserted] = dialogs_.try_emplace(std::move(id), std::move(dialog));
    if (!inserted)
        return errc::duplicate_dialog;
    return &it->second;
}

Dialog* DialogTable::find(const DialogId& id) noexcept {
    auto it = dialogs_.find(id);
    return it == dialogs_.end() ? nullptr : &it->second;
}

Dialog* DialogTable::find_for_request(const sip::Message& request) {
    auto id = id_of_received_request(request);
    return id ? find(*id) : nullptr;
}

Dialog* DialogTable::find_for_response(const sip::Message& response) {
    auto id = id_of_received_response(response);
    return id ? find(*id) : nullptr;
}

bool DialogTable::erase(const DialogId& id) {
    return dialogs_.erase(id) != 0;
}

}  // namespace sessioncore::dialog
