// Re-INVITEs we send (RFC 3261 §14.1): hold and resume (RFC 3264 §8.4) and other re-offers.
// One operation per session at a time. A 491 means the peer's re-INVITE crossed ours (glare):
// we send again after a random wait (dialog::GlareBackoff) up to ReinviteConfig::max_attempts.
// Another final status leaves the session as it was; 408, 481 or no answer at all end the
// dialog with BYE (§12.2.1.2). Each outcome completes the caller after a flush of the shard's
// events, so a woken caller finds SdpNegotiated and StateChanged already in the channel.

#include <boost/asio/io_context.hpp>

#include <sessioncore/dialog/glare.hpp>
#include <sessioncore/session/error.hpp>

#include "manager_core.hpp"

namespace sessioncore::session::detail {

namespace {

bool connected(CallState state) {
    return state == CallState::Connected || state == CallState::OnHold;
}

dialog::GlareBackoff backoff_of(const ReinviteConfig& c) {
    return dialog::GlareBackoff{dialog::GlareWindow{c.owner_retry_min, c.owner_retry_max},
                                dialog::GlareWindow{c.other_retry_min, c.other_retry_max}};
}

/// What a final response (or its absence) means for the dialog, RFC 3261 §12.2.1.2.
bool ends_dialog(std::uint16_t status) {
    return status == 408 || status == 481;
}

}  // namespace

void ManagerCore::reoffer(SessionRecord& record, Reoffer what, MediaOptions media,
                          std::function<void(boost::system::error_code)> complete) {
    flush_events();  // what happened before the call is in the channel whatever the outcome
    CallLeg* leg = record.leg.get();
    if (!leg)
        return complete(errc::no_such_session);
    if (!connected(record.state.load()) || !leg->dialog || leg->bye_sent)
        return complete(errc::not_connected);
    if (leg->reinvite)
        return complete(errc::busy);
    if (what == Reoffer::Media &&
        (media.codecs.empty() || !capabilities_of(media, rtp_address(*leg), leg->rtp_port)))
        return complete(errc::bad_media);

    PendingReinvite pending;
    pending.complete = std::move(complete);
    pending.previous_hold = leg->negotiation.local_hold();
    pending.previous_media = leg->media;
    leg->reinvite = std::move(pending);
    if (what == Reoffer::Media)
        leg->media = effective_media(media);
    else
        leg->negotiation.set_local_hold(what == Reoffer::Hold);
    send_reinvite(record, *leg);
}

void ManagerCore::send_reinvite(SessionRecord& record, CallLeg& leg) {
    if (!leg.reinvite)
        return;
    if (!leg.dialog || leg.bye_sent)
        return end_reinvite(leg, errc::terminated);
    // §14.1: not while another INVITE transaction runs either way (our 2xx to the peer's one
    // not yet ACKed): wait as after a 491. The ACK comes or the dialog ends within 64·T1.
    if (awaiting_ack(leg) || !leg.reinvite_guard.may_send())
        return retry_reinvite_later(record, leg);
    auto offer =
        leg.negotiation.make_offer(leg.media, rtp_address(leg), sdp_rtp_port(leg.media, leg));
    if (!offer)
        return fail_reinvite(leg, errc::bad_media);
    ++leg.reinvite->attempts;
    leg.reinvite_guard.on_sent();
    leg.reinvite->offer = *offer;
    dialog::RequestOptions options;
    options.content_type = "application/sdp";
    options.body = *offer;
    std::weak_ptr<SessionRecord> weak = record_on_shard(record.shard, record.id);
    send_in_dialog(
        record, leg, *leg.dialog, "INVITE",
        [this, weak](transaction::ClientEvent&& event) {
            auto alive = weak.lock();
            if (alive && alive->leg)
                on_reinvite_event(*alive, *alive->leg, std::move(event));
        },
        options);
}

void ManagerCore::on_reinvite_event(SessionRecord& record, CallLeg& leg,
                                    transaction::ClientEvent&& event) {
    if (auto* received = std::get_if<transaction::ResponseReceived>(&event)) {
        const std::uint16_t status = received->response.status_code();
        if (status < 200)
            return;
        if (status < 300)
            return on_reinvite_2xx(record, leg, received->response);
        return on_reinvite_failure(record, leg, status, std::string(received->response.reason()),
                                   TerminationReason::Rejected);
    }
    if (std::holds_alternative<transaction::TimedOut>(event))
        return on_reinvite_failure(record, leg, 408, "no answer to re-INVITE",
                                   TerminationReason::Timeout);
    if (auto* failed = std::get_if<transaction::TransportFailed>(&event))
        return on_reinvite_failure(record, leg, 503, failed->error.message(),
                                   TerminationReason::TransportError);
}

void ManagerCore::on_reinvite_2xx(SessionRecord& record, CallLeg& leg,
                                  const sip::Message& response) {
    if (!leg.dialog)
        return;
    if (!leg.reinvite_guard.sent_pending()) {
        // A retransmission of the 2xx we ACKed: the UAC core ACKs each one (§13.2.2.4).
        if (leg.ack)
            transactions->send_ack(leg.ack->clone(), dialog_destination(record, leg));
        return;
    }
    leg.reinvite_guard.on_sent_finished();
    const std::string old_target = leg.dialog->remote_target();
    (void)leg.dialog->on_response(response);  // a target refresh (§12.2.1.2)
    if (auto ack = leg.dialog->make_request("ACK")) {
        leg.ack = ack->clone();
        transactions->send_ack(std::move(*ack), dialog_destination(record, leg));
    }
    if (!leg.reinvite || leg.bye_sent)
        return;  // hung up meanwhile: the ACK was all that was left to do
    auto negotiated = leg.negotiation.take_answer(response.body());
    if (!negotiated) {
        leg.negotiation.rollback();
        leg.bye_reason = TerminationReason::BadRemoteAnswer;
        leg.bye_phrase = negotiated.error().message();
        return send_bye(record, leg);
    }
    update_info(record, [&](SessionInfo& info) {
        info.local_sdp = leg.reinvite->offer;
        info.remote_sdp = std::string(response.body());
        info.remote_target = leg.dialog->remote_target();
    });
    if (leg.dialog->remote_target() != old_target)
        resolve_dialog_hop(record, leg);
    on_negotiated(record, leg);
    set_state(record, leg.negotiation.on_hold() ? CallState::OnHold : CallState::Connected);
    end_reinvite(leg, {});
}

void ManagerCore::on_reinvite_failure(SessionRecord& record, CallLeg& leg, std::uint16_t status,
                                      std::string phrase, TerminationReason if_dialog_ends) {
    if (!leg.reinvite_guard.sent_pending())
        return;
    leg.reinvite_guard.on_sent_finished();
    leg.negotiation.rollback();  // our offer is void; the last agreed session stands (§14.1)
    if (!leg.reinvite || leg.bye_sent)
        return;
    if (if_dialog_ends != TerminationReason::Rejected || ends_dialog(status)) {
        leg.bye_reason = if_dialog_ends == TerminationReason::Rejected && status == 408
                             ? TerminationReason::Timeout
                             : if_dialog_ends;
        leg.bye_status = status;
        leg.bye_phrase = std::move(phrase);
        return send_bye(record, leg);  // completes the operation with errc::terminated
    }
    if (status != 491)
        return fail_reinvite(leg, errc::reinvite_rejected);
    if (leg.reinvite->attempts >= config.reinvite.max_attempts)
        return fail_reinvite(leg, errc::glare);
    retry_reinvite_later(record, leg);
}

void ManagerCore::retry_reinvite_later(SessionRecord& record, CallLeg& leg) {
    const auto delay = backoff_of(config.reinvite).delay(leg.dialog->role());
    leg.reinvite_timer.expires_after(delay);
    std::weak_ptr<SessionRecord> weak = record_on_shard(record.shard, record.id);
    leg.reinvite_timer.async_wait([this, weak](const boost::system::error_code& ec) {
        auto alive = weak.lock();
        if (ec || !alive || !alive->leg)
            return;
        send_reinvite(*alive, *alive->leg);
    });
}

void ManagerCore::fail_reinvite(CallLeg& leg, boost::system::error_code ec) {
    if (!leg.reinvite)
        return;
    // §14.1: a failed re-INVITE leaves the session as it was, so our wishes go back too.
    leg.negotiation.set_local_hold(leg.reinvite->previous_hold);
    leg.media = leg.reinvite->previous_media;
    end_reinvite(leg, ec);
}

void ManagerCore::end_reinvite(CallLeg& leg, boost::system::error_code ec) {
    leg.reinvite_timer.cancel();
    if (!leg.reinvite)
        return;
    auto complete = std::move(leg.reinvite->complete);
    leg.reinvite.reset();
    flush_events();
    complete(ec);
}

}  // namespace sessioncore::session::detail
