// Requests inside a dialog (RFC 3261 §12.2.1.1).
#include <string>

#include <sessioncore/dialog/dialog.hpp>
#include <sessioncore/sip/builder.hpp>
#include <sessioncore/transaction/message_factory.hpp>

#include "parts.hpp"

namespace sessioncore::dialog {
namespace {

std::string joined(const std::vector<std::string>& routes, std::size_t first,
                   const std::string& last) {
    std::string text;
    for (std::size_t i = first; i < routes.size(); ++i) {
        if (!text.empty())
            text += ", ";
        text += routes[i];
    }
    if (!last.empty()) {
        if (!text.empty())
            text += ", ";
        text += last;
    }
    return text;
}

}  // namespace

Result<sip::Message> Dialog::make_request(std::string_view method, const RequestOptions& options) {
    const sip::Method m = sip::method_of(method);
    // §12.2.1.1: the local CSeq goes up by one per request. The ACK of a 2xx and a CANCEL carry
    // the number of the INVITE they belong to (§13.2.2.4, §9.1) and leave the counter alone.
    std::uint32_t number = 0;
    if (m == sip::Method::Ack || m == sip::Method::Cancel) {
        number = options.cseq.value_or(last_invite_cseq_.value_or(local_cseq_.value_or(1)));
    } else {
        // An empty local CSeq (a UAS's first request) starts at 1: any value < 2^31 (§8.1.1.5).
        number = options.cseq.value_or(local_cseq_ ? *local_cseq_ + 1 : 1);
        local_cseq_ = number;
        if (m == sip::Method::Invite)
            last_invite_cseq_ = number;
    }

    // §12.2.1.1: an empty route set or a loose first route (lr) sends to the remote target with
    // the whole route set as Route; a strict first route becomes the Request-URI and the remote
    // target goes last in Route.
    std::string request_uri = remote_target_;
    std::string route = joined(route_set_, 0, {});
    if (!route_set_.empty() && !detail::is_loose(route_set_.front())) {
        auto first = detail::request_uri_of_route(route_set_.front());
        if (!first)
            return first.error();
        request_uri = std::move(*first);
        route = joined(route_set_, 1, "<" + remote_target_ + ">");
    }

    std::string branch =
        options.branch.empty() ? transaction::make_branch() : std::string(options.branch);
    std::string from = "<" + local_uri_ + ">;tag=" + id_.local_tag;
    std::string to = "<" + remote_uri_ + ">";
    if (!id_.remote_tag.empty())
        to += ";tag=" + id_.remote_tag;

    auto builder = sip::MessageBuilder::request(method, request_uri);
    builder.header(sip::HeaderId::Via, std::string(options.via_sent_by) + ";branch=" + branch)
        .header(sip::HeaderId::MaxForwards, "70");
    if (!route.empty())
        builder.header(sip::HeaderId::Route, route);
    builder.header(sip::HeaderId::From, from)
        .header(sip::HeaderId::To, to)
        .header(sip::HeaderId::CallId, id_.call_id)
        .header(sip::HeaderId::CSeq, std::to_string(number) + " " + std::string(method));
    // §12.2.1.1: a target refresh request carries our Contact (§8.1.1.8).
    if (is_target_refresh(m) && !local_contact_.empty())
        builder.header(sip::HeaderId::Contact, "<" + local_contact_ + ">");
    if (!options.content_type.empty())
        builder.body(options.content_type, options.body);
    auto built = builder.build();
    if (!built)
        return errc::bad_message;
    return std::move(*built);
}

}  // namespace sessioncore::dialog
