#include <utility>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/transaction/client_invite.hpp>
#include <sessioncore/transaction/message_factory.hpp>

namespace sessioncore::transaction {

ClientInvite::ClientInvite(sip::Message invite, TimePoint now, const TransactionOptions& options)
    : invite_(std::move(invite)), options_(options) {
    SC_ASSERT(invite_.is_request() && invite_.method() == sip::Method::Invite,
              "a client INVITE transaction sends an INVITE");
    const auto& timers = options_.timers;
    // §17.1.1.2: Timer A starts at T1 on unreliable transports only; Timer B is 64·T1 always.
    if (options_.reliability == Reliability::Unreliable) {
        timer_a_interval_ = timers.t1;
        timer_a_ = now + timer_a_interval_;
    }
    timer_b_ = now + timers.timeout();
    if (options_.timer_c == TimerC::Enabled)
        timer_c_ = now + timers.timer_c;
    outputs_.push(Transmit{invite_.clone(), SendKind::First});
}

void ClientInvite::on_response(sip::Message response, TimePoint now) {
    if (!response.is_response() || terminated())
        return;
    const auto status = response.status_code();
    if (status < 200)
        return on_provisional(std::move(response), now);
    if (status < 300)
        return on_success(std::move(response), now);
    on_failure(std::move(response), now);
}

void ClientInvite::on_provisional(sip::Message response, TimePoint now) {
    // §17.1.1.2: a provisional moves Calling to Proceeding and stops retransmissions; once a
    // final response has arrived, late provisionals mean nothing.
    if (state_ != State::Calling && state_ != State::Proceeding)
        return;
    state_ = State::Proceeding;
    timer_a_.reset();
    timer_b_.reset();
    // §16.6 step 11: each provisional response restarts Timer C.
    if (timer_c_)
        timer_c_ = now + options_.timers.timer_c;
    outputs_.push(ResponseReceived{std::move(response)});
}

void ClientInvite::on_success(sip::Message response, TimePoint now) {
    // RFC 6026 §7.2: every 2xx, first or retransmitted, goes to the TU, which sends the ACK
    // itself (§13.2.2.4); the transaction lingers in Accepted for Timer M to catch 2xx from
    // other forks. A 2xx after a non-2xx final is ignored.
    if (state_ == State::Completed)
        return;
    if (state_ != State::Accepted) {
        state_ = State::Accepted;
        timer_a_.reset();
        timer_b_.reset();
        timer_c_.reset();
        timer_m_ = now + options_.timers.timeout();
    }
    outputs_.push(ResponseReceived{std::move(response)});
}

void ClientInvite::on_failure(sip::Message response, TimePoint now) {
    if (state_ == State::Accepted)
        return;  // RFC 6026 §7.2: only 2xx are of interest after a 2xx
    if (state_ == State::Completed) {
        // §17.1.1.2: a retransmitted final response is acknowledged again, not passed up.
        send_ack(response);
        return;
    }
    state_ = State::Completed;
    timer_a_.reset();
    timer_b_.reset();
    timer_c_.reset();
    send_ack(response);
    outputs_.push(ResponseReceived{std::move(response)});
    // §17.1.1.2: Timer D is at least 32 s on unreliable transports and zero on reliable ones.
    if (options_.reliability == Reliability::Reliable) {
        terminate();
        return;
    }
    timer_d_ = now + options_.timers.timer_d;
}

void ClientInvite::send_ack(const sip::Message& response) {
    if (!ack_) {
        // Built once from the first final response; its retransmissions carry the same To tag.
        auto ack = make_ack_for_non2xx(invite_, response);
        if (!ack)
            return;  // an unacknowledgeable response; Timer D still ends the transaction
        ack_ = std::move(*ack);
        outputs_.push(Transmit{ack_->clone(), SendKind::First});
        return;
    }
    outputs_.push(Transmit{ack_->clone(), SendKind::Retransmission});
}

void ClientInvite::retransmit_invite(TimePoint now) {
    // §17.1.1.2: Timer A doubles without a cap; Timer B ends the retransmissions.
    outputs_.push(Transmit{invite_.clone(), SendKind::Retransmission});
    timer_a_interval_ *= 2;
    timer_a_ = now + timer_a_interval_;
}

void ClientInvite::on_timer(TimePoint now) {
    if (due(timer_b_, now)) {
        terminate();
        outputs_.push(TimedOut{TimerName::B});
        return;
    }
    if (due(timer_d_, now) || due(timer_m_, now)) {
        terminate();
        return;
    }
    if (due(timer_a_, now))
        retransmit_invite(now);
    if (due(timer_c_, now)) {
        timer_c_.reset();
        outputs_.push(TimerCFired{state_ == State::Proceeding});
    }
}

void ClientInvite::on_transport_error(boost::system::error_code error, TimePoint) {
    if (terminated())
        return;
    terminate();
    outputs_.push(TransportFailed{error});
}

void ClientInvite::restart_timer_c(TimePoint now) {
    if (options_.timer_c == TimerC::Enabled &&
        (state_ == State::Calling || state_ == State::Proceeding))
        timer_c_ = now + options_.timers.timer_c;
}

std::optional<TimePoint> ClientInvite::next_wake() const noexcept {
    return earliest({timer_a_, timer_b_, timer_c_, timer_d_, timer_m_});
}

void ClientInvite::terminate() noexcept {
    state_ = State::Terminated;
    timer_a_.reset();
    timer_b_.reset();
    timer_c_.reset();
    timer_d_.reset();
    timer_m_.reset();
}

}  // namespace sessioncore::transaction
