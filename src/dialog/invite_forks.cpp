// The forks of one INVITE on the UAC side (RFC 3261 §13.2.2.4, §12.1.2, §12.3).
#include <utility>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/dialog/invite_forks.hpp>

#include "parts.hpp"

namespace sessioncore::dialog {

InviteForks::InviteForks(sip::Message invite, const ForkOptions& options)
    : invite_(std::move(invite)), options_(options) {
    auto call_id = invite_.call_id();
    auto from = invite_.from();
    auto cseq = invite_.cseq();
    SC_ASSERT(invite_.is_request() && invite_.method() == sip::Method::Invite && call_id && from &&
                  from->tag() && cseq,
              "InviteForks takes the INVITE we sent");
    call_id_ = std::string(*call_id);
    from_tag_ = detail::tag_of(*from);
    cseq_ = cseq->number;
}

InviteForks::Fork* InviteForks::find(std::string_view to_tag) noexcept {
    for (auto& fork : forks_) {
        if (fork.to_tag == to_tag)
            return &fork;
    }
    return nullptr;
}

const InviteForks::Fork* InviteForks::find(std::string_view to_tag) const noexcept {
    return const_cast<InviteForks*>(this)->find(to_tag);
}

Result<ForkEvent> InviteForks::on_response(const sip::Message& response, TimePoint now) {
    auto call_id = response.call_id();
    auto from = response.from();
    auto to = response.to();
    auto cseq = response.cseq();
    if (!response.is_response() || !call_id || !from || !to || !cseq)
        return errc::bad_message;
    if (*call_id != call_id_ || detail::tag_of(*from) != from_tag_ || cseq->number != cseq_ ||
        cseq->method != sip::Method::Invite)
        return errc::wrong_dialog;
    on_timer(now);  // a response that arrives after the window finds it closed
    const auto status = response.status_code();
    if (status >= 300) {
        if (state_ != State::Proceeding)
            return ForkEvent{ForkAction::Ignored, detail::tag_of(*to)};
        end_early_dialogs();  // §12.3: a non-2xx final ends every early dialog of the INVITE
        state_ = State::Failed;
        return ForkEvent{ForkAction::Failed, detail::tag_of(*to)};
    }
    if (status >= 200)
        return on_success(response, detail::tag_of(*to), now);
    // §12.1: only a 101-199 with a To tag creates an early dialog.
    if (status == 100 || !to->tag())
        return ForkEvent{ForkAction::None, {}};
    return on_provisional(response, detail::tag_of(*to));
}

Result<ForkEvent> InviteForks::on_provisional(const sip::Message& response, std::string to_tag) {
    if (state_ == State::Done || state_ == State::Failed)
        return ForkEvent{ForkAction::Ignored, std::move(to_tag)};
    if (Fork* fork = find(to_tag)) {
        if (fork->role != ForkRole::Early)
            return ForkEvent{ForkAction::Ignored, std::move(to_tag)};  // a late 1xx after its 2xx
        auto updated = fork->dialog.on_response(response);
        if (!updated)
            return updated.error();
        return ForkEvent{ForkAction::EarlyUpdate, std::move(to_tag)};
    }
    auto dialog = Dialog::create_uac(invite_, response, options_.transport);
    if (!dialog)
        return dialog.error();
    forks_.push_back(Fork{to_tag, std::move(*dialog), ForkRole::Early, std::nullopt});
    return ForkEvent{ForkAction::EarlyDialog, std::move(to_tag)};
}

Result<ForkEvent> InviteForks::on_success(const sip::Message& response, std::string to_tag,
                                          TimePoint now) {
    if (state_ == State::Failed)
        return ForkEvent{ForkAction::Ignored, std::move(to_tag)};
    Fork* fork = find(to_tag);
    // §13.2.2.4: the UAC core ACKs every 2xx the transaction passes up, retransmissions too.
    if (fork && (fork->role == ForkRole::Kept || fork->role == ForkRole::Extra))
        return ForkEvent{ForkAction::ResendAck, std::move(to_tag)};
    // After the window no new 2xx is expected (§13.2.2.4); an ended early dialog stays ended.
    if (state_ == State::Done || (fork && fork->role == ForkRole::Ended))
        return ForkEvent{ForkAction::Ignored, std::move(to_tag)};
    if (fork) {
        auto confirmed = fork->dialog.on_response(response);  // recomputes the route set
        if (!confirmed)
            return confirmed.error();
    } else {
        auto dialog = Dialog::create_uac(invite_, response, options_.transport);
        if (!dialog)
            return dialog.error();
        forks_.push_back(Fork{to_tag, std::move(*dialog), ForkRole::Early, std::nullopt});
        fork = &forks_.back();
    }
    if (state_ == State::Accepted) {
        // §13.2.2.4: a 2xx from another fork is ACKed and, to keep one dialog, BYEd.
        fork->role = ForkRole::Extra;
        return ForkEvent{ForkAction::AckAndBye, std::move(to_tag)};
    }
    fork->role = ForkRole::Kept;
    state_ = State::Accepted;
    window_end_ = now + options_.timers.timeout();  // "64*T1 seconds after ... the first 2xx"
    return ForkEvent{ForkAction::AckKept, std::move(to_tag)};
}

void InviteForks::on_timer(TimePoint now) {
    if (state_ != State::Accepted || !transaction::due(window_end_, now))
        return;
    // §13.2.2.4: "all the early dialogs that have not transitioned to established dialogs are
    // terminated".
    end_early_dialogs();
    state_ = State::Done;
    window_end_.reset();
}

std::optional<TimePoint> InviteForks::next_wake() const noexcept {
    return window_end_;
}

void InviteForks::end_early_dialogs() noexcept {
    for (auto& fork : forks_) {
        if (fork.role != ForkRole::Early)
            continue;
        fork.role = ForkRole::Ended;
        fork.dialog.terminate();
    }
}

Result<sip::Message> InviteForks::make_ack(std::string_view to_tag, const AckOptions& options) {
    Fork* fork = find(to_tag);
    if (!fork || (fork->role != ForkRole::Kept && fork->role != ForkRole::Extra))
        return errc::wrong_dialog;
    RequestOptions request;
    request.cseq = cseq_;  // §13.2.2.4: the CSeq number of the INVITE, method ACK
    request.branch = options.branch;
    request.via_sent_by = options.via_sent_by;
    request.content_type = options.content_type;
    request.body = options.body;
    auto ack = fork->dialog.make_request("ACK", request);
    if (!ack)
        return ack.error();
    // §13.2.2.4: "The ACK MUST contain the same credentials as the INVITE."
    for (const auto& field : invite_.headers()) {
        if (field.id == sip::HeaderId::Authorization ||
            field.id == sip::HeaderId::ProxyAuthorization)
            ack->add_header(field.name, field.value);
    }
    fork->ack = ack->clone();
    return std::move(*ack);
}

const sip::Message* InviteForks::last_ack(std::string_view to_tag) const noexcept {
    const Fork* fork = find(to_tag);
    return fork && fork->ack ? &*fork->ack : nullptr;
}

Dialog* InviteForks::dialog(std::string_view to_tag) noexcept {
    Fork* fork = find(to_tag);
    return fork ? &fork->dialog : nullptr;
}

const Dialog* InviteForks::kept() const noexcept {
    for (const auto& fork : forks_) {
        if (fork.role == ForkRole::Kept)
            return &fork.dialog;
    }
    return nullptr;
}

std::vector<std::string> InviteForks::early_tags() const {
    std::vector<std::string> tags;
    for (const auto& fork : forks_) {
        if (fork.role == ForkRole::Early)
            tags.push_back(fork.to_tag);
    }
    return tags;
}

}  // namespace sessioncore::dialog
