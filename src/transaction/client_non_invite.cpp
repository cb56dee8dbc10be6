#include <algorithm>
#include <utility>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/transaction/client_non_invite.hpp>

namespace sessioncore::transaction {

ClientNonInvite::ClientNonInvite(sip::Message request, TimePoint now,
                                 const TransactionOptions& options)
    : request_(std::move(request)), options_(options) {
    SC_ASSERT(request_.is_request() && request_.method() != sip::Method::Invite &&
                  request_.method() != sip::Method::Ack,
              "a non-INVITE client transaction sends a request other than INVITE and ACK");
    // §17.1.2.2: Timer E starts at T1 on unreliable transports; Timer F is 64·T1 always.
    if (options_.reliability == Reliability::Unreliable) {
        timer_e_interval_ = options_.timers.t1;
        timer_e_ = now + timer_e_interval_;
    }
    timer_f_ = now + options_.timers.timeout();
    outputs_.push(Transmit{request_.clone(), SendKind::First});
}

void ClientNonInvite::on_response(sip::Message response, TimePoint now) {
    if (!response.is_response())
        return;
    if (state_ != State::Trying && state_ != State::Proceeding)
        return;  // §17.1.2.2: Completed absorbs retransmitted finals
    if (response.status_code() < 200) {
        // Timer E keeps its current deadline; from its next firing on it is T2 (below).
        state_ = State::Proceeding;
        outputs_.push(ResponseReceived{std::move(response)});
        return;
    }
    state_ = State::Completed;
    timer_e_.reset();
    timer_f_.reset();
    outputs_.push(ResponseReceived{std::move(response)});
    // §17.1.2.2: Timer K is T4 on unreliable transports and zero on reliable ones.
    if (options_.reliability == Reliability::Reliable) {
        terminate();
        return;
    }
    timer_k_ = now + options_.timers.t4;
}

void ClientNonInvite::on_timer(TimePoint now) {
    if (due(timer_f_, now)) {
        terminate();
        outputs_.push(TimedOut{TimerName::F});
        return;
    }
    if (due(timer_k_, now)) {
        terminate();
        return;
    }
    if (!due(timer_e_, now))
        return;
    // §17.1.2.2: in Trying the interval doubles up to T2; in Proceeding it is T2.
    outputs_.push(Transmit{request_.clone(), SendKind::Retransmission});
    timer_e_interval_ = state_ == State::Proceeding
                            ? options_.timers.t2
                            : std::min(2 * timer_e_interval_, options_.timers.t2);
    timer_e_ = now + timer_e_interval_;
}

void ClientNonInvite::on_transport_error(boost::system::error_code error, TimePoint) {
    if (terminated())
        return;
    terminate();
    outputs_.push(TransportFailed{error});
}

std::optional<TimePoint> ClientNonInvite::next_wake() const noexcept {
    return earliest({timer_e_, timer_f_, timer_k_});
}

void ClientNonInvite::terminate() noexcept {
    state_ = State::Terminated;
    timer_e_.reset();
    timer_f_.reset();
    timer_k_.reset();
}

}  // namespace sessioncore::transaction
