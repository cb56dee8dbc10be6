#include <algorithm>
#include <utility>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/message_factory.hpp>
#include <sessioncore/transaction/server_invite.hpp>

namespace sessioncore::transaction {

ServerInvite::ServerInvite(sip::Message invite, TimePoint now, const TransactionOptions& options)
    : invite_(std::move(invite)), options_(options) {
    SC_ASSERT(invite_.is_request() && invite_.method() == sip::Method::Invite,
              "a server INVITE transaction serves an INVITE");
    timer_trying_ = now + options_.timers.trying_delay;
}

void ServerInvite::on_request(sip::Message request, TimePoint now) {
    if (!request.is_request())
        return;
    if (request.method() != sip::Method::Ack) {
        // A retransmitted INVITE (§17.2.1): Proceeding repeats the latest provisional,
        // Completed the final; Confirmed and Accepted (RFC 6026 §7.1) absorb it.
        if (state_ == State::Proceeding)
            resend(last_provisional_);
        else if (state_ == State::Completed)
            resend(final_);
        return;
    }
    if (state_ == State::Accepted) {
        outputs_.push(AckReceived{std::move(request)});  // RFC 6026 §7.1
        return;
    }
    if (state_ != State::Completed)
        return;  // Confirmed absorbs retransmitted ACKs (§17.2.1)
    // §17.2.1: the ACK ends the response retransmissions; Timer I (T4 unreliable, zero
    // reliable) absorbs further ACKs.
    timer_g_.reset();
    timer_h_.reset();
    state_ = State::Confirmed;
    if (options_.reliability == Reliability::Reliable) {
        terminate();
        return;
    }
    timer_i_ = now + options_.timers.t4;
}

boost::system::error_code ServerInvite::send_response(sip::Message response, TimePoint now) {
    if (!response.is_response())
        return errc::wrong_kind;
    const auto status = response.status_code();
    if (state_ == State::Accepted && status >= 200 && status < 300) {
        // §13.3.1.4: the UAS core retransmits its 2xx; RFC 6026 §7.1 lets it through here.
        outputs_.push(Transmit{std::move(response), SendKind::Retransmission});
        return {};
    }
    if (state_ != State::Proceeding)
        return errc::wrong_state;
    timer_trying_.reset();  // the TU answered: no automatic 100 (§17.2.1)
    if (status < 200) {
        last_provisional_ = response.clone();
        outputs_.push(Transmit{std::move(response), SendKind::First});
        return {};
    }
    if (status >= 300) {
        enter_completed(std::move(response), now);
        return {};
    }
    // RFC 6026 §7.1: after a 2xx the transaction waits in Accepted for Timer L, so that
    // retransmitted INVITEs are absorbed instead of reaching the TU as new requests.
    state_ = State::Accepted;
    timer_l_ = now + options_.timers.timeout();
    outputs_.push(Transmit{std::move(response), SendKind::First});
    return {};
}

void ServerInvite::enter_completed(sip::Message response, TimePoint now) {
    state_ = State::Completed;
    if (auto to = response.to(); to && to->tag())
        final_to_tag_ = std::string(*to->tag());
    final_ = response.clone();
    outputs_.push(Transmit{std::move(response), SendKind::First});
    // §17.2.1: Timer G (unreliable only) retransmits the final until the ACK; Timer H gives up.
    if (options_.reliability == Reliability::Unreliable) {
        timer_g_interval_ = options_.timers.t1;
        timer_g_ = now + timer_g_interval_;
    }
    timer_h_ = now + options_.timers.timeout();
}

void ServerInvite::send_trying() {
    // §17.2.1: the transaction answers 100 itself when the TU is slow, so that the client
    // stops retransmitting; it counts as the latest provisional for retransmitted INVITEs.
    auto trying = make_response(invite_, 100);
    if (!trying)
        return;  // the INVITE lacks what a response copies; the TU cannot answer it either
    last_provisional_ = trying->clone();
    outputs_.push(Transmit{std::move(*trying), SendKind::First});
}

void ServerInvite::resend(const std::optional<sip::Message>& response) {
    if (response)
        outputs_.push(Transmit{response->clone(), SendKind::Retransmission});
}

void ServerInvite::on_timer(TimePoint now) {
    if (due(timer_h_, now)) {
        terminate();
        outputs_.push(TimedOut{TimerName::H});  // no ACK came: the TU hears of it (§17.2.1)
        return;
    }
    if (due(timer_i_, now) || due(timer_l_, now)) {
        terminate();
        return;
    }
    if (due(timer_trying_, now)) {
        timer_trying_.reset();
        send_trying();
    }
    if (due(timer_g_, now)) {
        // §17.2.1: Timer G doubles up to T2.
        resend(final_);
        timer_g_interval_ = std::min(2 * timer_g_interval_, options_.timers.t2);
        timer_g_ = now + timer_g_interval_;
    }
}

void ServerInvite::on_transport_error(boost::system::error_code error, TimePoint) {
    if (terminated())
        return;
    terminate();
    outputs_.push(TransportFailed{error});
}

std::optional<TimePoint> ServerInvite::next_wake() const noexcept {
    return earliest({timer_trying_, timer_g_, timer_h_, timer_i_, timer_l_});
}

void ServerInvite::terminate() noexcept {
    state_ = State::Terminated;
    timer_trying_.reset();
    timer_g_.reset();
    timer_h_.reset();
    timer_i_.reset();
    timer_l_.reset();
}

}  // namespace sessioncore::transaction
