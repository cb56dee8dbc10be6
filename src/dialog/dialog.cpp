// Creating a dialog (RFC 3261 §12.1) and updating it from the messages of its transactions
// (§12.2, §12.3, §13.2.2.4, §15).
#include <algorithm>

#include <sessioncore/dialog/dialog.hpp>

#include "parts.hpp"

namespace sessioncore::dialog {
namespace {

// The pieces of the dialog-creating INVITE and its response both roles need.
struct Creation {
    sip::NameAddr from, to;
    sip::NameAddr response_to;
    std::string_view call_id;
    std::uint32_t cseq = 0;
    bool sips = false;
};

Result<Creation> read_creation(const sip::Message& invite, const sip::Message& response) {
    if (!invite.is_request() || invite.method() != sip::Method::Invite || !response.is_response())
        return errc::not_dialog_creating;
    auto status = response.status_code();
    if (status <= 100 || status >= 300)
        return errc::not_dialog_creating;
    auto from = invite.from();
    auto to = invite.to();
    auto rto = response.to();
    auto call_id = invite.call_id();
    auto cseq = invite.cseq();
    auto uri = invite.parsed_request_uri();
    if (!from || !to || !rto || !call_id || !cseq || !uri)
        return errc::bad_message;
    // A provisional response creates a dialog only with a To tag (§12.1); a 2xx without
    // one comes from an RFC 2543 UAS and gives an empty remote tag (§12.1.2).
    if (!rto->tag() && status < 200)
        return errc::not_dialog_creating;
    return Creation{*from, *to, *rto, *call_id, cseq->number, uri->scheme == sip::UriScheme::Sips};
}

}  // namespace

bool is_target_refresh(sip::Method method) noexcept {
    switch (method) {
        case sip::Method::Invite:
        case sip::Method::Update:
        case sip::Method::Subscribe:
        case sip::Method::Notify:
            return true;
        default:
            return false;
    }
}

Result<Dialog> Dialog::create_uac(const sip::Message& invite, const sip::Message& response,
                                  Transport transport) {
    auto c = read_creation(invite, response);
    if (!c)
        return c.error();
    if (!c->from.tag())
        return errc::bad_message;  // our own INVITE always has a From tag (§8.1.1.3)
    auto target = detail::contact_uri(response);
    if (!target)
        return target.error();
    auto routes = detail::record_route(response);
    if (!routes)
        return routes.error();
    auto local_contact = detail::optional_contact_uri(invite);
    if (!local_contact)
        return local_contact.error();

    Dialog d;
    d.role_ = Role::Uac;
    d.state_ = response.status_code() >= 200 ? DialogState::Confirmed : DialogState::Early;
    d.id_ = {std::string(c->call_id), detail::tag_of(c->from), detail::tag_of(c->response_to)};
    // §12.1.2: the route set is the response's Record-Route in reverse order.
    d.route_set_ = std::move(*routes);
    std::reverse(d.route_set_.begin(), d.route_set_.end());
    d.remote_target_ = std::move(*target);
    d.local_cseq_ = c->cseq;
    d.invite_cseq_ = c->cseq;
    d.last_invite_cseq_ = c->cseq;
    d.local_uri_ = std::string(c->from.uri.raw);
    d.remote_uri_ = std::string(c->to.uri.raw);
    d.local_contact_ = local_contact->value_or(std::string{});
    d.secure_ = c->sips && transport == Transport::Tls;
    return d;
}

Result<Dialog> Dialog::create_uas(const sip::Message& invite, const sip::Message& response,
                                  Transport transport) {
    auto c = read_creation(invite, response);
    if (!c)
        return c.error();
    if (!c->response_to.tag())
        return errc::not_dialog_creating;  // our response carries our tag (§12.1.1)
    auto target = detail::contact_uri(invite);
    if (!target)
        return target.error();
    auto routes = detail::record_route(invite);
    if (!routes)
        return routes.error();
    auto local_contact = detail::optional_contact_uri(response);
    if (!local_contact)
        return local_contact.error();

    Dialog d;
    d.role_ = Role::Uas;
    d.state_ = response.status_code() >= 200 ? DialogState::Confirmed : DialogState::Early;
    d.id_ = {std::string(c->call_id), detail::tag_of(c->response_to), detail::tag_of(c->from)};
    // §12.1.1: the request's Record-Route in order; the local CSeq stays empty.
    d.route_set_ = std::move(*routes);
    d.remote_target_ = std::move(*target);
    d.remote_cseq_ = c->cseq;
    d.invite_cseq_ = c->cseq;
    d.local_uri_ = std::string(c->to.uri.raw);
    d.remote_uri_ = std::string(c->from.uri.raw);
    d.local_contact_ = local_contact->value_or(std::string{});
    d.secure_ = c->sips && transport == Transport::Tls;
    return d;
}

bool Dialog::matches(const sip::Message& message, bool we_sent_request) const {
    auto call_id = message.call_id();
    auto from = message.from();
    auto to = message.to();
    if (!call_id || !from || !to || *call_id != id_.call_id)
        return false;
    // Our tag is the From tag of requests we send (and their responses) and the To tag of
    // requests we receive (§12.2.1.1, §12.2.2).
    const auto& local = we_sent_request ? *from : *to;
    const auto& remote = we_sent_request ? *to : *from;
    return detail::tag_of(local) == id_.local_tag && detail::tag_of(remote) == id_.remote_tag;
}

Result<RequestVerdict> Dialog::on_request(const sip::Message& request) {
    auto cseq = request.cseq();
    if (!request.is_request() || !cseq)
        return errc::bad_message;
    if (!matches(request, false))
        return errc::wrong_dialog;
    // §12.2.2: lower than the remote CSeq is out of order and MUST get a 500. Equal is not
    // out of order: the ACK of a 2xx and a CANCEL carry the INVITE's number (§13.2.2.4, §9.1).
    if (remote_cseq_ && cseq->number < *remote_cseq_)
        return RequestVerdict{RequestVerdict::Kind::OutOfOrder, 500, std::nullopt};
    RequestVerdict verdict;
    if (is_target_refresh(request.method())) {
        auto target = detail::optional_contact_uri(request);
        if (!target)
            return target.error();
        verdict.pending_remote_target = std::move(*target);
    }
    remote_cseq_ = cseq->number;
    // §15.1.2: a UAS receiving a BYE terminates the dialog and answers 2xx.
    if (request.method() == sip::Method::Bye)
        state_ = DialogState::Terminated;
    return verdict;
}

Result<void> Dialog::on_response(const sip::Message& response) {
    auto cseq = response.cseq();
    if (!response.is_response() || !cseq)
        return errc::bad_message;
    if (!matches(response, true))
        return errc::wrong_dialog;
    auto status = response.status_code();
    if (status < 200)
        return {};
    if (role_ == Role::Uac && state_ == DialogState::Early && cseq->method == sip::Method::Invite &&
        cseq->number == invite_cseq_) {
        if (status >= 300) {
            state_ = DialogState::Terminated;  // §12.3: a non-2xx final ends early dialogs
            return {};
        }
        // §13.2.2.4: confirmed, and the route set recomputed from the 2xx (§12.2.1.2 rules).
        auto routes = detail::record_route(response);
        if (!routes)
            return routes.error();
        auto target = detail::contact_uri(response);
        if (!target)
            return target.error();
        route_set_ = std::move(*routes);
        std::reverse(route_set_.begin(), route_set_.end());
        remote_target_ = std::move(*target);
        state_ = DialogState::Confirmed;
        return {};
    }
    if (cseq->method == sip::Method::Bye) {
        state_ = DialogState::Terminated;  // §15.1.1: any final response to BYE ends it
        return {};
    }
    // §12.2.1.2: a 2xx to a target refresh request replaces the remote target with its Contact.
    if (status < 300 && is_target_refresh(cseq->method)) {
        auto target = detail::optional_contact_uri(response);
        if (!target)
            return target.error();
        if (*target)
            remote_target_ = std::move(**target);
    }
    return {};
}

void Dialog::on_final_sent(std::uint16_t status) noexcept {
    if (state_ != DialogState::Early || status < 200)
        return;
    state_ = status < 300 ? DialogState::Confirmed : DialogState::Terminated;
}

}  // namespace sessioncore::dialog
