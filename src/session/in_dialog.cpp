// Requests inside a dialog (RFC 3261 §12.2, §14, §15): BYE both ways, re-INVITE with glare
// (491, §14.2), OPTIONS, 481 for requests that match no dialog; and hangup(), which picks CANCEL,
// a final response or BYE by the state of the call.

#include <boost/asio/io_context.hpp>

#include <sessioncore/session/error.hpp>
#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/name_addr.hpp>
#include <sessioncore/transaction/message_factory.hpp>

#include "manager_core.hpp"

namespace sessioncore::session::detail {

namespace {

void answer_plain(transaction::TransactionLayer& layer, transaction::ServerTxId tx,
                  const sip::Message& request, std::uint16_t status,
                  std::span<const transaction::ExtraHeader> headers = {}) {
    transaction::ResponseOptions options;
    options.headers = headers;
    if (auto response = transaction::make_response(request, status, options))
        (void)layer.respond(tx, std::move(*response));
}

}  // namespace

std::string ManagerCore::next_hop_uri(const dialog::Dialog& d) {
    if (!d.route_set().empty()) {
        auto route = sip::parse_name_addr(d.route_set().front());
        if (route)
            return std::string(route->uri.raw);
    }
    return d.remote_target();
}

MediaOptions ManagerCore::effective_media(const MediaOptions& asked) const {
    MediaOptions media = asked;
    if (media.codecs.empty())
        media.codecs = config.media.codecs.empty() ? default_codecs() : config.media.codecs;
    if (media.rtp_address.empty())
        media.rtp_address = config.media.rtp_address;
    if (media.advertised_rtp_port == 0)
        media.advertised_rtp_port = config.media.advertised_rtp_port;
    return media;
}

std::uint16_t ManagerCore::sdp_rtp_port(const MediaOptions& media, const CallLeg& leg) {
    return media.advertised_rtp_port != 0 ? media.advertised_rtp_port : leg.rtp_port;
}

std::string ManagerCore::rtp_address(const CallLeg& leg) const {
    if (!leg.media.rtp_address.empty())
        return leg.media.rtp_address;
    return config.listen.front().address.address_string();
}

void ManagerCore::resolve_dialog_hop(SessionRecord& record, CallLeg& leg) {
    if (!leg.dialog)
        return;
    transport::Destination fallback{leg.source.protocol, leg.source.source};
    std::weak_ptr<SessionRecord> weak = record_on_shard(record.shard, record.id);
    resolve_uri(*shards[record.shard], next_hop_uri(*leg.dialog), leg.protocol,
                [weak, fallback](auto hop) {
                    auto alive = weak.lock();
                    if (alive && alive->leg)
                        alive->leg->dialog_hop = hop ? *hop : fallback;
                });
}

void ManagerCore::on_in_dialog_request(transaction::ServerTxId tx, const sip::Message& request,
                                       const transaction::RequestSource& source) {
    (void)source;
    auto call_id = request.call_id();
    auto to = request.to();
    auto from = request.from();
    RecordPtr record;
    if (call_id && to && to->tag() && from && from->tag())
        record = find_by_dialog(*call_id, *to->tag(), *from->tag());
    CallLeg* leg = record ? record->leg.get() : nullptr;
    if (!leg || !leg->dialog)
        return answer_plain(*transactions, tx, request, 481);  // §12.2.2

    auto verdict = leg->dialog->on_request(request);
    if (!verdict)
        return answer_plain(*transactions, tx, request, 481);
    if (verdict->kind == dialog::RequestVerdict::Kind::OutOfOrder)
        return answer_plain(*transactions, tx, request, verdict->status);

    switch (request.method()) {
        case sip::Method::Bye:
            return on_bye(*record, *leg, tx, request);
        case sip::Method::Invite:
            return on_reinvite(*record, *leg, tx, request, verdict->pending_remote_target);
        case sip::Method::Options:
        case sip::Method::Info: {
            const transaction::ExtraHeader headers[] = {{"Allow", allowed_methods}};
            return answer_plain(*transactions, tx, request, 200, headers);
        }
        default: {
            const transaction::ExtraHeader headers[] = {{"Allow", allowed_methods}};
            return answer_plain(*transactions, tx, request, 405, headers);
        }
    }
}

void ManagerCore::on_bye(SessionRecord& record, CallLeg& leg, transaction::ServerTxId tx,
                         const sip::Message& bye) {
    answer_plain(*transactions, tx, bye, 200);
    if (record.direction == CallDirection::Incoming && !leg.final_sent) {
        // A BYE on an early dialog: the INVITE still needs its final response (§15.1.2).
        transaction::ResponseOptions options;
        options.to_tag = leg.local_tag;
        if (auto terminated = transaction::make_response(*leg.invite, 487, options))
            (void)transactions->respond(leg.server_tx, std::move(*terminated));
        leg.final_sent = true;
    }
    finish(record, Termination{TerminationReason::RemoteHangup, 0, "BYE"});
}

void ManagerCore::on_reinvite(SessionRecord& record, CallLeg& leg, transaction::ServerTxId tx,
                              const sip::Message& invite,
                              const std::optional<std::string>& new_target) {
    if (leg.reinvite_guard.sent_pending())
        return answer_plain(*transactions, tx, invite, 491);  // glare, §14.2
    if (awaiting_ack(leg)) {
        // §14.2: an INVITE while the previous one is not finished (our 2xx not yet ACKed):
        // 500 with Retry-After.
        const transaction::ExtraHeader headers[] = {{"Retry-After", "1"}};
        return answer_plain(*transactions, tx, invite, 500, headers);
    }
    if (!invite.body().empty()) {
        auto type = invite.content_type();
        if (!type || !*type || !(*type)->matches("application", "sdp")) {
            const transaction::ExtraHeader headers[] = {{"Accept", "application/sdp"}};
            return answer_plain(*transactions, tx, invite, 415, headers);
        }
        if (auto offer = leg.negotiation.take_offer(invite.body()); !offer) {
            const std::string warning = "399 sessioncore \"" + offer.error().message() + "\"";
            const transaction::ExtraHeader headers[] = {{"Warning", warning}};
            return answer_plain(*transactions, tx, invite, 488, headers);
        }
    }
    auto sdp = leg.negotiation.local_description(leg.media, rtp_address(leg),
                                                 sdp_rtp_port(leg.media, leg));
    if (!sdp) {
        leg.negotiation.rollback();
        return answer_plain(*transactions, tx, invite, 488);
    }
    transaction::ResponseOptions options;
    const std::string_view contact = contact_header(leg.protocol);
    const transaction::ExtraHeader headers[] = {{"Contact", contact}, {"Allow", allowed_methods}};
    options.headers = headers;
    options.content_type = "application/sdp";
    options.body = *sdp;
    auto ok = transaction::make_response(invite, 200, options);
    if (!ok)
        return;
    if (new_target)
        leg.dialog->commit_remote_target(*new_target);
    update_info(record, [&](SessionInfo& info) {
        info.local_sdp = *sdp;
        info.remote_sdp = std::string(invite.body());
        info.remote_target = leg.dialog->remote_target();
    });
    start_ok_retransmission(record, leg, tx, ok->clone());
    (void)transactions->respond(tx, std::move(*ok));
    if (new_target)
        resolve_dialog_hop(record, leg);
    if (leg.negotiation.complete()) {
        on_negotiated(record, leg);
        set_state(record, leg.negotiation.on_hold() ? CallState::OnHold : CallState::Connected);
    }
}

void ManagerCore::send_in_dialog(SessionRecord& record, CallLeg& leg, dialog::Dialog& d,
                                 std::string_view method, transaction::ClientHandler handler,
                                 const dialog::RequestOptions& options) {
    auto request = d.make_request(method, options);
    if (!request)
        return handler(transaction::TransportFailed{make_error_code(dialog::errc::bad_route)});
    transactions->send_request(std::move(*request), dialog_destination(record, leg),
                               std::move(handler));
}

transport::Destination ManagerCore::dialog_destination(const SessionRecord& record,
                                                       const CallLeg& leg) {
    if (leg.dialog_hop)
        return *leg.dialog_hop;
    return record.direction == CallDirection::Outgoing
               ? leg.destination
               : transport::Destination{leg.source.protocol, leg.source.source};
}

void ManagerCore::send_bye(SessionRecord& record, CallLeg& leg) {
    if (leg.bye_sent)
        return;
    leg.bye_sent = true;
    leg.ok_retransmitter = dialog::OkRetransmitter(config.timers);  // stop retransmitting
    end_reinvite(leg, errc::terminated);
    if (!leg.dialog)
        return finish(record, Termination{leg.bye_reason, leg.bye_status, leg.bye_phrase});
    set_state(record, CallState::Terminating);
    std::weak_ptr<SessionRecord> weak = record_on_shard(record.shard, record.id);
    send_in_dialog(record, leg, *leg.dialog, "BYE", [this, weak](transaction::ClientEvent&& event) {
        auto alive = weak.lock();
        if (!alive || !alive->leg)
            return;
        if (auto* received = std::get_if<transaction::ResponseReceived>(&event);
            received && received->response.status_code() < 200)
            return;  // wait for the final response
        // Any final response, a timeout or a transport failure ends the dialog (§15.1.1).
        CallLeg& l = *alive->leg;
        std::string phrase = l.bye_phrase.empty() ? "BYE" : l.bye_phrase;
        finish(*alive, Termination{l.bye_reason, l.bye_status, std::move(phrase)});
    });
}

void ManagerCore::hangup(SessionRecord& record, CallLeg& leg, TerminationReason reason) {
    const CallState state = record.state.load();
    if (state == CallState::Terminating || state == CallState::Terminated)
        return;
    if (record.direction == CallDirection::Incoming) {
        if (!leg.final_sent) {
            const std::uint16_t status = reason == TerminationReason::Shutdown ? 480 : 603;
            transaction::ResponseOptions options;
            options.to_tag = leg.local_tag;
            if (auto response = transaction::make_response(*leg.invite, status, options))
                (void)transactions->respond(leg.server_tx, std::move(*response));
            leg.final_sent = true;
            return finish(record,
                          Termination{reason, status, std::string(sip::reason_phrase_for(status))});
        }
        leg.bye_reason = reason;
        return send_bye(record, leg);
    }
    if (leg.dialog && leg.final_received) {
        leg.bye_reason = reason;
        return send_bye(record, leg);
    }
    // Our INVITE is pending: CANCEL it (§9.1), at once if a provisional came, else when one does.
    leg.cancel_wanted = true;
    set_state(record, CallState::Terminating);
    if (leg.provisional_received && !leg.cancel_sent)
        send_cancel(leg);
}

void ManagerCore::on_stray_response(const sip::Message& response) {
    // A 2xx retransmission after the INVITE transaction ended (RFC 6026 Timer M): ACK it again.
    auto cseq = response.cseq();
    auto call_id = response.call_id();
    auto from = response.from();
    auto to = response.to();
    if (!cseq || cseq->method != sip::Method::Invite || response.status_code() / 100 != 2 ||
        !call_id || !from || !from->tag() || !to || !to->tag())
        return;
    auto record = find_by_dialog(*call_id, *from->tag(), *to->tag());
    if (!record || !record->leg || !record->leg->ack || !record->leg->dialog_hop)
        return;
    transactions->send_ack(record->leg->ack->clone(), *record->leg->dialog_hop);
}

void ManagerCore::on_negotiated(SessionRecord& record, CallLeg& leg) {
    auto summary = leg.negotiation.summary();
    SdpNegotiated event;
    event.session = record.id;
    event.at = std::chrono::system_clock::now();
    event.codec = summary.codec;
    event.payload_type = summary.payload_type;
    event.remote_address = summary.remote_address;
    event.remote_port = summary.remote_port;
    event.local_port = leg.rtp_port;
    event.direction = summary.direction;
    emit(std::move(event));
    apply_media(record, leg);
}

}  // namespace sessioncore::session::detail
