// The UAC core of an outgoing call (RFC 3261 §13.2): the INVITE, its provisional and final
// responses, early dialogs per fork (§12.1.2), the ACK for each 2xx (§13.2.2.4), extra 2xx
// from other forks ACKed and ended with BYE, and CANCEL (§9.1).

#include <boost/asio/io_context.hpp>

#include <sessioncore/session/error.hpp>
#include <sessioncore/sip/builder.hpp>
#include <sessioncore/sip/uri.hpp>
#include <sessioncore/transaction/message_factory.hpp>

#include "manager_core.hpp"

namespace sessioncore::session::detail {

namespace {

// The placeholder top Via the transport rewrites (§18.1.1); the dialog layer's requests and
// ACKs default to the same one.
constexpr std::string_view via_placeholder = dialog::RequestOptions{}.via_sent_by;

std::string remote_tag_of(const sip::Message& response) {
    auto to = response.to();
    if (!to)
        return {};
    auto tag = to->tag();
    return tag ? std::string(*tag) : std::string{};
}

dialog::Transport dialog_transport(transport::Protocol p) {
    return p == transport::Protocol::Tls ? dialog::Transport::Tls : dialog::Transport::Other;
}

}  // namespace

void ManagerCore::start_call(std::string target, CallOptions options,
                             std::function<void(boost::system::error_code, Session)> complete) {
    if (!running_.load())
        return complete(errc::not_running, Session{});
    auto uri = sip::parse_uri(target);
    if (!uri || (uri->scheme != sip::UriScheme::Sip && uri->scheme != sip::UriScheme::Sips))
        return complete(errc::bad_target, Session{});
    if (live_sessions_.load() >= config.limits.max_sessions)
        return complete(errc::too_many_sessions, Session{});

    std::string call_id = transaction::make_tag() + transaction::make_tag() + "@sessioncore";
    const ShardIndex shard = runtime.shard_for(call_id);
    auto record = create_record(shard, CallDirection::Outgoing, call_id, transaction::make_tag());
    record->leg->media = effective_media(options.media);

    std::string from =
        options.from.empty() ? "sip:" + config.user + "@" + local_address() : options.from;
    update_info(*record, [&](SessionInfo& info) {
        info.local_uri = from;
        info.remote_uri = target;
    });

    // Everything else happens on the shard: the resolver and the transactions live there.
    runtime.post(shard, [this, record, target = std::move(target), from = std::move(from),
                         options = std::move(options), complete = std::move(complete)]() mutable {
        if (!record->leg)
            return complete(errc::terminated, Session{});
        if (auto ec = reserve_media(*record->leg, record->shard)) {
            finish(*record, Termination{TerminationReason::Failed, 0, ec.message()});
            return complete(ec, Session{});
        }
        resolve_uri(
            *shards[record->shard], target, std::nullopt,
            [this, record, target, from, options = std::move(options),
             complete = std::move(complete)](auto destination) mutable {
                if (!record->leg)
                    return complete(errc::terminated, Session{});
                if (!destination) {
                    finish(*record,
                           Termination{TerminationReason::Failed, 0, "cannot resolve " + target});
                    return complete(destination.error(), Session{});
                }
                CallLeg& leg = *record->leg;
                leg.protocol = destination->protocol;
                auto invite =
                    build_invite(*record, leg, target, from, options, destination->protocol);
                if (!invite) {
                    finish(*record,
                           Termination{TerminationReason::Failed, 0, "cannot build INVITE"});
                    return complete(errc::bad_target, Session{});
                }
                leg.invite = std::make_shared<const sip::Message>(std::move(*invite));
                dialog::ForkOptions fork_options;
                fork_options.transport = dialog_transport(leg.protocol);
                fork_options.timers = config.timers;
                leg.forks.emplace(leg.invite->clone(), fork_options);
                send_invite(record, *destination, std::move(complete));
            });
    });
}

boost::system::result<sip::Message> ManagerCore::build_invite(SessionRecord& record, CallLeg& leg,
                                                              const std::string& target,
                                                              const std::string& from,
                                                              const CallOptions& options,
                                                              transport::Protocol protocol) {
    auto offer_text =
        leg.negotiation.make_offer(leg.media, rtp_address(leg), sdp_rtp_port(leg.media, leg));
    if (!offer_text)
        return errc::bad_media;
    const std::string& offer = *offer_text;
    std::string from_value;
    if (!options.display_name.empty())
        from_value = "\"" + options.display_name + "\" ";
    from_value += "<" + from + ">;tag=" + leg.local_tag;

    auto builder = sip::MessageBuilder::request("INVITE", target);
    builder
        .header(sip::HeaderId::Via,
                std::string(via_placeholder) + ";branch=" + transaction::make_branch() + ";rport")
        .header(sip::HeaderId::MaxForwards, "70")
        .header(sip::HeaderId::From, from_value)
        .header(sip::HeaderId::To, "<" + target + ">")
        .header(sip::HeaderId::CallId, leg.call_id)
        .header(sip::HeaderId::CSeq, "1 INVITE")
        .header(sip::HeaderId::Contact, contact_header(protocol))
        .header(sip::HeaderId::Allow, allowed_methods)
        .header(sip::HeaderId::UserAgent, config.user_agent);
    for (const auto& [name, value] : options.headers)
        builder.header(name, value);
    builder.body("application/sdp", offer);
    auto built = builder.build();
    if (!built)
        return errc::bad_target;
    update_info(record, [&](SessionInfo& info) { info.local_sdp = offer; });
    return std::move(*built);
}

void ManagerCore::send_invite(const RecordPtr& record, const transport::Destination& destination,
                              std::function<void(boost::system::error_code, Session)> complete) {
    CallLeg& leg = *record->leg;
    leg.destination = destination;
    std::weak_ptr<SessionRecord> weak = record;
    auto invite = leg.invite;
    leg.invite_tx = transactions->send_request(
        invite->clone(), destination,
        [this, weak, invite, destination](transaction::ClientEvent&& event) {
            on_invite_event(weak, invite, destination, std::move(event));
        });
    set_state(*record, CallState::Dialing);
    complete({}, Session{record});
}

void ManagerCore::on_invite_event(const std::weak_ptr<SessionRecord>& weak,
                                  const std::shared_ptr<const sip::Message>& invite,
                                  const transport::Destination& destination,
                                  transaction::ClientEvent&& event) {
    auto record = weak.lock();
    CallLeg* leg = record ? record->leg.get() : nullptr;
    if (auto* received = std::get_if<transaction::ResponseReceived>(&event)) {
        const sip::Message& response = received->response;
        const std::uint16_t status = response.status_code();
        if (!leg) {
            // The session ended (we cancelled, or it was torn down) but a fork still answered
            // 2xx: that dialog must be ACKed and ended (§13.2.2.4, §15).
            if (status >= 200 && status < 300)
                ack_and_bye_fork(*invite, response, destination);
            return;
        }
        if (status < 200)
            return on_provisional(*record, *leg, response);
        if (status < 300)
            return on_invite_2xx(*record, *leg, response);
        return on_invite_failure(*record, *leg, response);
    }
    if (!leg)
        return;
    if (std::holds_alternative<transaction::TimedOut>(event)) {
        if (leg->final_received)
            return;
        return finish(*record, Termination{TerminationReason::Timeout, 408, "Request Timeout"});
    }
    if (auto* failed = std::get_if<transaction::TransportFailed>(&event)) {
        if (leg->final_received)
            return;
        return finish(*record,
                      Termination{TerminationReason::TransportError, 503, failed->error.message()});
    }
}

void ManagerCore::on_provisional(SessionRecord& record, CallLeg& leg,
                                 const sip::Message& response) {
    const std::uint16_t status = response.status_code();
    if (leg.final_received)
        return;
    if (status > 100) {
        leg.provisional_received = true;
        emit(CallProgress{record.id, std::chrono::system_clock::now(), status,
                          std::string(response.reason())});
    }
    if (leg.cancel_wanted && !leg.cancel_sent && status > 100)
        return send_cancel(leg);
    if (leg.cancel_sent || !leg.forks)
        return;

    // §12.1.2: a 101-199 with a To tag creates an early dialog, one per fork.
    auto fork = leg.forks->on_response(response, clock.now());
    if (fork && fork->action == dialog::ForkAction::EarlyDialog) {
        count_dialogs(leg);
        update_info(record, [&](SessionInfo& info) { info.remote_tag = fork->to_tag; });
    }
    const bool has_sdp = !response.body().empty();
    if (status == 183 && has_sdp) {
        if (leg.negotiation.take_answer(response.body()))
            update_info(record,
                        [&](SessionInfo& info) { info.remote_sdp = std::string(response.body()); });
        set_state(record, CallState::EarlyMedia);
    } else if (status == 180 && record.state.load() == CallState::Dialing) {
        set_state(record, CallState::Ringing);
    }
}

void ManagerCore::on_invite_2xx(SessionRecord& record, CallLeg& leg, const sip::Message& response) {
    if (!leg.forks) {
        // The fork window closed; a late retransmission of the kept 2xx still gets its ACK.
        if (leg.ack && leg.dialog_hop && leg.dialog &&
            remote_tag_of(response) == leg.dialog->id().remote_tag)
            transactions->send_ack(leg.ack->clone(), *leg.dialog_hop);
        return;
    }
    auto fork = leg.forks->on_response(response, clock.now());
    if (!fork) {
        if (leg.dialog)
            return;
        // No usable Contact: we cannot even address the ACK. Give up on the call.
        leg.final_received = true;
        return finish(record, Termination{TerminationReason::Failed, response.status_code(),
                                          "2xx without a usable Contact"});
    }
    switch (fork->action) {
        case dialog::ForkAction::AckKept:
            break;
        case dialog::ForkAction::ResendAck:
            // A retransmission of an ACKed 2xx: the UAC core ACKs each one (§13.2.2.4).
            if (const sip::Message* ack = leg.forks->last_ack(fork->to_tag))
                send_fork_ack(leg, fork->to_tag, ack->clone(), std::nullopt);
            return;
        case dialog::ForkAction::AckAndBye:
            // Another fork answered too: ACK it, then end that dialog with BYE (§13.2.2.4).
            return ack_and_bye_extra_fork(leg, fork->to_tag);
        default:
            return;
    }
    leg.final_received = true;
    arm_timer(record_on_shard(record.shard, record.id), leg);  // the fork window
    leg.dialog = *leg.forks->kept();
    count_dialogs(leg);
    update_info(record, [&](SessionInfo& info) {
        info.remote_tag = fork->to_tag;
        info.remote_target = leg.dialog->remote_target();
    });
    // The ACK and every later request of the dialog go to its next hop: the first route, else
    // the remote target (§12.2.1.1), not necessarily where the INVITE went.
    std::weak_ptr<SessionRecord> weak = record_on_shard(record.shard, record.id);
    resolve_uri(*shards[record.shard], next_hop_uri(*leg.dialog), leg.protocol,
                [this, weak, tag = fork->to_tag, body = std::string(response.body())](auto hop) {
                    auto alive = weak.lock();
                    if (alive && alive->leg)
                        on_dialog_hop(*alive, *alive->leg, hop, tag, body);
                });
}

void ManagerCore::on_dialog_hop(SessionRecord& record, CallLeg& leg,
                                const boost::system::result<transport::Destination>& hop,
                                const std::string& to_tag, const std::string& answer) {
    leg.dialog_hop = hop ? *hop : leg.destination;
    if (leg.forks) {
        if (auto ack = leg.forks->make_ack(to_tag)) {
            leg.ack = ack->clone();
            transactions->send_ack(std::move(*ack), *leg.dialog_hop);
        }
    }
    if (leg.cancel_wanted || leg.cancel_sent) {
        // hangup() raced the 2xx: the call is up on the far side, so end it with BYE.
        return send_bye(record, leg);
    }
    update_info(record, [&](SessionInfo& info) { info.remote_sdp = answer; });
    auto negotiated = leg.negotiation.take_answer(answer);
    if (!negotiated) {
        // RFC 3261 §13.2.2.4 leaves a bad answer to the UAC: we end the call.
        leg.negotiation.rollback();
        leg.bye_reason = TerminationReason::BadRemoteAnswer;
        leg.bye_phrase = negotiated.error().message();
        return send_bye(record, leg);
    }
    // SdpNegotiated first, as on the UAS side: whoever sees Connected finds the media settled.
    on_negotiated(record, leg);
    set_state(record, CallState::Connected);
}

void ManagerCore::send_fork_ack(CallLeg& leg, const std::string& to_tag, sip::Message ack,
                                std::optional<sip::Message> bye) {
    const dialog::Dialog* fork = leg.forks ? leg.forks->dialog(to_tag) : nullptr;
    if (!fork)
        return;
    if (leg.dialog && leg.dialog_hop && fork->id().remote_tag == leg.dialog->id().remote_tag) {
        transactions->send_ack(std::move(ack), *leg.dialog_hop);
        return;
    }
    auto messages = std::make_shared<std::pair<sip::Message, std::optional<sip::Message>>>(
        std::move(ack), std::move(bye));
    resolve_uri(shard_of(leg.call_id), next_hop_uri(*fork), leg.protocol,
                [this, messages, fallback = leg.destination](auto hop) {
                    const transport::Destination& to = hop ? *hop : fallback;
                    transactions->send_ack(std::move(messages->first), to);
                    if (messages->second)
                        transactions->send_request(std::move(*messages->second), to,
                                                   [](transaction::ClientEvent&&) {});
                });
}

void ManagerCore::ack_and_bye_extra_fork(CallLeg& leg, const std::string& to_tag) {
    auto ack = leg.forks->make_ack(to_tag);
    dialog::Dialog* fork = leg.forks->dialog(to_tag);
    if (!ack || !fork)
        return;
    auto bye = fork->make_request("BYE");
    if (!bye)
        return;
    send_fork_ack(leg, to_tag, std::move(*ack), std::move(*bye));
}

void ManagerCore::on_invite_failure(SessionRecord& record, CallLeg& leg,
                                    const sip::Message& response) {
    if (leg.dialog)
        return;  // a fork's failure after another fork's 2xx: nothing to do
    if (leg.forks)
        (void)leg.forks->on_response(response, clock.now());  // ends the early dialogs
    leg.final_received = true;
    const std::uint16_t status = response.status_code();
    const bool cancelled = (leg.cancel_sent || leg.cancel_wanted) && status == 487;
    finish(record,
           Termination{cancelled ? TerminationReason::Cancelled : TerminationReason::Rejected,
                       status, std::string(response.reason())});
}

void ManagerCore::send_cancel(CallLeg& leg) {
    auto cancel = transaction::make_cancel(*leg.invite);
    if (!cancel)
        return;
    leg.cancel_sent = true;
    // The CANCEL's own transaction: its outcome does not matter, the INVITE's 487 ends the call.
    transactions->send_request(std::move(*cancel), leg.destination,
                               [](transaction::ClientEvent&&) {});
}

void ManagerCore::ack_and_bye_fork(const sip::Message& invite, const sip::Message& response,
                                   const transport::Destination& destination) {
    auto fork = dialog::Dialog::create_uac(invite, response, dialog::Transport::Other);
    if (!fork)
        return;
    (void)fork->on_response(response);
    auto ack = fork->make_request("ACK");
    auto bye = fork->make_request("BYE");
    if (!ack || !bye)
        return;
    auto messages =
        std::make_shared<std::pair<sip::Message, sip::Message>>(std::move(*ack), std::move(*bye));
    resolve_uri(shard_of(fork->id().call_id), next_hop_uri(*fork), destination.protocol,
                [this, messages, destination](auto hop) {
                    const transport::Destination& to = hop ? *hop : destination;
                    transactions->send_ack(std::move(messages->first), to);
                    transactions->send_request(std::move(messages->second), to,
                                               [](transaction::ClientEvent&&) {});
                });
}

}  // namespace sessioncore::session::detail
