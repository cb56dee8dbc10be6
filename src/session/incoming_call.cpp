// The UAS core of an incoming call (RFC 3261 §13.3): limits (503), Content-Type (415) and SDP
// (488) checks, the offer to the application, provisional and final responses, the 2xx
// retransmission until the ACK and the BYE when none comes (§13.3.1.4), CANCEL (§9.2).

#include <boost/asio/io_context.hpp>

#include <sessioncore/sip/error.hpp>
#include <sessioncore/sip/header_values.hpp>
#include <sessioncore/transaction/message_factory.hpp>

#include "manager_core.hpp"

namespace sessioncore::session::detail {

namespace {

std::optional<std::string> to_tag_of(const sip::Message& message) {
    auto to = message.to();
    if (!to)
        return std::nullopt;
    auto tag = to->tag();
    if (!tag)
        return std::nullopt;
    return std::string(*tag);
}

/// The URI of the From or To header, for events and SessionInfo.
std::string uri_of(const sip::Result<sip::NameAddr>& address) {
    return address ? std::string(address->uri.raw) : std::string{};
}

bool body_is_sdp(const sip::Message& request) {
    auto type = request.content_type();
    return type && *type && (*type)->matches("application", "sdp");
}

}  // namespace

void ManagerCore::respond(CallLeg& leg, transaction::ServerTxId tx, const sip::Message& request,
                          std::uint16_t status, const transaction::ResponseOptions& options) {
    (void)leg;
    auto response = transaction::make_response(request, status, options);
    if (response)
        (void)transactions->respond(tx, std::move(*response));
}

void ManagerCore::on_request(transaction::ServerTxId tx, const sip::Message& request,
                             const transaction::RequestSource& source) {
    if (to_tag_of(request))
        return on_in_dialog_request(tx, request, source);
    switch (request.method()) {
        case sip::Method::Invite:
            return on_new_invite(tx, request, source);
        case sip::Method::Options: {
            const transaction::ExtraHeader headers[] = {{"Allow", allowed_methods},
                                                        {"Accept", "application/sdp"}};
            transaction::ResponseOptions options;
            options.headers = headers;
            if (auto ok = transaction::make_response(request, 200, options))
                (void)transactions->respond(tx, std::move(*ok));
            return;
        }
        case sip::Method::Bye:
            // A BYE without a To tag matches no dialog (§15.1.2).
            if (auto missing = transaction::make_response(request, 481))
                (void)transactions->respond(tx, std::move(*missing));
            return;
        default: {
            const transaction::ExtraHeader headers[] = {{"Allow", allowed_methods}};
            transaction::ResponseOptions options;
            options.headers = headers;
            if (auto refused = transaction::make_response(request, 405, options))
                (void)transactions->respond(tx, std::move(*refused));
            return;
        }
    }
}

void ManagerCore::on_new_invite(transaction::ServerTxId tx, const sip::Message& invite,
                                const transaction::RequestSource& source) {
    auto refuse = [&](std::uint16_t status, std::string_view reason,
                      std::span<const transaction::ExtraHeader> headers) {
        transaction::ResponseOptions options;
        options.reason = reason;
        options.headers = headers;
        if (auto response = transaction::make_response(invite, status, options))
            (void)transactions->respond(tx, std::move(*response));
    };
    if (!running_.load() || live_sessions_.load() >= config.limits.max_sessions) {
        const std::string retry = std::to_string(config.limits.retry_after.count());
        const transaction::ExtraHeader headers[] = {{"Retry-After", retry}};
        return refuse(503, "Service Unavailable", headers);
    }
    if (!invite.body().empty() && !body_is_sdp(invite)) {
        const transaction::ExtraHeader headers[] = {{"Accept", "application/sdp"}};
        return refuse(415, "Unsupported Media Type", headers);
    }
    auto call_id = invite.call_id();
    if (!call_id)
        return refuse(400, "Bad Call-ID", {});

    auto record = create_record(runtime.shard_for(*call_id), CallDirection::Incoming,
                                std::string(*call_id), transaction::make_tag());
    CallLeg& leg = *record->leg;
    leg.invite = std::make_shared<const sip::Message>(invite.clone());
    leg.server_tx = tx;
    leg.source = source;
    leg.protocol = source.protocol;
    leg.media = effective_media({});
    index_server_tx(*record, tx);
    if (auto ec = reserve_media(leg, record->shard)) {
        refuse(503, "No Media Ports", {});
        leg.final_sent = true;
        return finish(*record, Termination{TerminationReason::Failed, 503, ec.message()});
    }

    if (!invite.body().empty()) {
        auto offer = leg.negotiation.take_offer(invite.body());
        if (!offer) {
            const std::string warning = "399 sessioncore \"" + offer.error().message() + "\"";
            const transaction::ExtraHeader headers[] = {{"Warning", warning}};
            refuse(488, "Not Acceptable Here", headers);
            leg.final_sent = true;
            return finish(*record,
                          Termination{TerminationReason::Rejected, 488, offer.error().message()});
        }
    }
    const auto now = std::chrono::system_clock::now();
    update_info(*record, [&](SessionInfo& info) {
        info.local_uri = uri_of(invite.to());
        info.remote_uri = uri_of(invite.from());
        info.remote_sdp = std::string(invite.body());
        if (auto from = invite.from(); from && from->tag())
            info.remote_tag = std::string(*from->tag());
    });
    emit(CallIncoming{record->id, now, leg.call_id, uri_of(invite.from()), uri_of(invite.to())});
    set_state(*record, CallState::Ringing);
    leg.no_answer_deadline = clock.now() + config.limits.no_answer_timeout;
    arm_timer(record, leg);
    if (incoming_handler)
        incoming_handler(Session{record});
}

void ManagerCore::send_provisional(SessionRecord& record, CallLeg& leg, std::uint16_t status,
                                   const AnswerOptions* early_media) {
    if (record.direction != CallDirection::Incoming || leg.final_sent)
        return;
    transaction::ResponseOptions options;
    options.to_tag = leg.local_tag;
    const std::string_view contact = contact_header(leg.protocol);
    const transaction::ExtraHeader headers[] = {{"Contact", contact}};
    options.headers = headers;
    std::string sdp;
    if (early_media) {
        const MediaOptions media = effective_media(early_media->media);
        auto body =
            leg.negotiation.local_description(media, rtp_address(leg), sdp_rtp_port(media, leg));
        if (!body)
            return reject(record, leg, 488, body.error().message());
        sdp = std::move(*body);
        options.content_type = "application/sdp";
        options.body = sdp;
    }
    auto response = transaction::make_response(*leg.invite, status, options);
    if (!response)
        return;
    if (!leg.dialog) {
        if (auto early =
                dialog::Dialog::create_uas(*leg.invite, *response, dialog::Transport::Other)) {
            leg.dialog = std::move(*early);
            count_dialogs(leg);
        }
    }
    (void)transactions->respond(leg.server_tx, std::move(*response));
    emit(CallProgress{record.id, std::chrono::system_clock::now(), status,
                      std::string(sip::reason_phrase_for(status))});
    if (early_media) {
        update_info(record, [&](SessionInfo& info) { info.local_sdp = sdp; });
        set_state(record, CallState::EarlyMedia);
        on_negotiated(record, leg);
    }
}

void ManagerCore::answer(SessionRecord& record, CallLeg& leg, const AnswerOptions& options) {
    if (record.direction != CallDirection::Incoming || leg.final_sent)
        return;
    leg.media = effective_media(options.media);
    // Our answer to their offer, or our offer when the INVITE had none (§13.2.1: the ACK then
    // carries the answer).
    auto sdp = leg.negotiation.local_description(leg.media, rtp_address(leg),
                                                 sdp_rtp_port(leg.media, leg));
    if (!sdp)
        return reject(record, leg, 488, sdp.error().message());
    transaction::ResponseOptions response_options;
    response_options.to_tag = leg.local_tag;
    const std::string_view contact = contact_header(leg.protocol);
    const transaction::ExtraHeader headers[] = {{"Contact", contact}, {"Allow", allowed_methods}};
    response_options.headers = headers;
    response_options.content_type = "application/sdp";
    response_options.body = *sdp;
    auto ok = transaction::make_response(*leg.invite, 200, response_options);
    if (!ok)
        return;
    if (!leg.dialog) {
        auto created = dialog::Dialog::create_uas(*leg.invite, *ok, dialog::Transport::Other);
        if (!created)
            return reject(record, leg, 400, "bad Contact in INVITE");
        leg.dialog = std::move(*created);
    }
    leg.dialog->on_final_sent(200);
    count_dialogs(leg);
    leg.final_sent = true;
    leg.no_answer_deadline.reset();
    update_info(record, [&](SessionInfo& info) {
        info.local_sdp = *sdp;
        info.remote_target = leg.dialog->remote_target();
    });
    start_ok_retransmission(record, leg, leg.server_tx, ok->clone());
    (void)transactions->respond(leg.server_tx, std::move(*ok));
    resolve_dialog_hop(record, leg);
    if (leg.negotiation.complete())
        on_negotiated(record, leg);
}

void ManagerCore::reject(SessionRecord& record, CallLeg& leg, std::uint16_t status,
                         std::string reason) {
    if (record.direction != CallDirection::Incoming || leg.final_sent)
        return;
    if (status < 300 || status > 699)
        status = 500;
    transaction::ResponseOptions options;
    options.to_tag = leg.local_tag;
    options.reason = reason;
    auto response = transaction::make_response(*leg.invite, status, options);
    leg.final_sent = true;
    if (response)
        (void)transactions->respond(leg.server_tx, std::move(*response));
    // The server transaction absorbs the ACK of a non-2xx (§17.2.1); the session is over.
    finish(record,
           Termination{TerminationReason::Rejected, status,
                       reason.empty() ? std::string(sip::reason_phrase_for(status)) : reason});
}

void ManagerCore::on_cancel(transaction::ServerTxId invite_tx) {
    RecordPtr record;
    {
        Shard& owner = *shards[invite_tx.shard];
        std::lock_guard lock(owner.mutex);
        auto id = owner.by_server_tx.find(invite_tx.serial);
        if (id != owner.by_server_tx.end())
            record = owner.sessions.at(id->second.value);
    }
    if (!record || !record->leg || record->leg->final_sent)
        return;  // answered already: the CANCEL got its 200 and changes nothing (§9.2)
    CallLeg& leg = *record->leg;
    transaction::ResponseOptions options;
    options.to_tag = leg.local_tag;
    if (auto terminated = transaction::make_response(*leg.invite, 487, options))
        (void)transactions->respond(leg.server_tx, std::move(*terminated));
    leg.final_sent = true;
    finish(*record, Termination{TerminationReason::Cancelled, 487, "Request Terminated"});
}

void ManagerCore::on_ack(const sip::Message& ack) {
    auto call_id = ack.call_id();
    auto tag = to_tag_of(ack);
    auto cseq = ack.cseq();
    if (!call_id || !tag || !cseq)
        return;
    auto record = find_by_dialog(*call_id, *tag, {});
    if (!record || !record->leg)
        return;
    CallLeg& leg = *record->leg;
    if (leg.ok_retransmitter.on_ack(cseq->number, clock.now()) != dialog::AckMatch::Acknowledged)
        return;  // a retransmitted ACK, or one for another INVITE
    arm_timer(record, leg);
    // §13.2.1: when our 2xx carried the offer, the ACK carries the answer.
    if (!ack.body().empty() && leg.negotiation.awaiting_answer()) {
        auto negotiated = leg.negotiation.take_answer(ack.body());
        update_info(*record, [&](SessionInfo& info) { info.remote_sdp = std::string(ack.body()); });
        if (!negotiated) {
            leg.bye_reason = TerminationReason::BadRemoteAnswer;
            leg.bye_phrase = negotiated.error().message();
            return send_bye(*record, leg);
        }
        on_negotiated(*record, leg);
    }
    // Also after a re-INVITE without SDP (late offer): the answer in the ACK may hold or resume.
    const CallState state = record->state.load();
    if (state != CallState::Terminating && state != CallState::Terminated)
        set_state(*record, leg.negotiation.on_hold() ? CallState::OnHold : CallState::Connected);
}

void ManagerCore::start_ok_retransmission(SessionRecord& record, CallLeg& leg,
                                          transaction::ServerTxId tx, sip::Message ok) {
    leg.ok_tx = tx;
    leg.ok_retransmitter.start(std::move(ok), clock.now());
    arm_timer(record_on_shard(record.shard, record.id), leg);
}

bool ManagerCore::awaiting_ack(const CallLeg& leg) {
    return leg.ok_retransmitter.state() == dialog::OkRetransmitter::State::WaitingForAck;
}

void ManagerCore::arm_timer(const RecordPtr& record, CallLeg& leg) {
    if (!record)
        return;
    std::optional<TimePoint> wake = leg.no_answer_deadline;
    for (auto next :
         {leg.ok_retransmitter.next_wake(), leg.forks ? leg.forks->next_wake() : std::nullopt})
        if (next)
            wake = wake ? std::min(*wake, *next) : *next;
    leg.timer.cancel();
    if (!wake)
        return;
    leg.timer.expires_at(*wake);
    std::weak_ptr<SessionRecord> weak = record;
    leg.timer.async_wait([this, weak](const boost::system::error_code& ec) {
        auto alive = weak.lock();
        if (ec || !alive || !alive->leg)
            return;
        on_timer(*alive, *alive->leg);
    });
}

void ManagerCore::on_timer(SessionRecord& record, CallLeg& leg) {
    const auto now = clock.now();
    if (leg.no_answer_deadline && now >= *leg.no_answer_deadline) {
        leg.no_answer_deadline.reset();
        if (!leg.final_sent) {
            transaction::ResponseOptions options;
            options.to_tag = leg.local_tag;
            if (auto unavailable = transaction::make_response(*leg.invite, 480, options))
                (void)transactions->respond(leg.server_tx, std::move(*unavailable));
            leg.final_sent = true;
            return finish(record, Termination{TerminationReason::Timeout, 480, "no answer"});
        }
    }
    if (leg.forks) {
        leg.forks->on_timer(now);
        if (leg.forks->state() == dialog::InviteForks::State::Done) {
            leg.forks.reset();  // the 64·T1 window closed: no more forks to ACK (§13.2.2.4)
            count_dialogs(leg);
        }
    }
    leg.ok_retransmitter.on_timer(now);
    while (auto output = leg.ok_retransmitter.poll_output()) {
        if (auto* again = std::get_if<dialog::RetransmitOk>(&*output)) {
            // Over TCP/TLS the first copy arrives or the connection fails; peers there (SIPp
            // among them) take a repeated 2xx as a new, unexpected message. So only the ACK
            // timeout runs on reliable transports, as in most stacks.
            if (transport::is_reliable(leg.protocol))
                continue;
            // Through the transaction while it is Accepted (RFC 6026 §7.1), else statelessly.
            if (transactions->respond(leg.ok_tx, again->message->clone()))
                transactions->send_stateless(again->message->clone(), leg.source);
        } else {
            // §13.3.1.4: no ACK within 64·T1: the dialog is confirmed, so end it with BYE.
            leg.bye_reason = TerminationReason::Timeout;
            leg.bye_phrase = "no ACK for 2xx";
            return send_bye(record, leg);
        }
    }
    arm_timer(record_on_shard(record.shard, record.id), leg);
}

}  // namespace sessioncore::session::detail
