#include <utility>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/server_non_invite.hpp>

namespace sessioncore::transaction {

ServerNonInvite::ServerNonInvite(sip::Message request, TimePoint, const TransactionOptions& options)
    : request_(std::move(request)), options_(options) {
    SC_ASSERT(request_.is_request() && request_.method() != sip::Method::Invite &&
                  request_.method() != sip::Method::Ack,
              "a non-INVITE server transaction serves a request other than INVITE and ACK");
}

void ServerNonInvite::on_request(sip::Message request, TimePoint) {
    if (!request.is_request())
        return;
    // §17.2.2: Trying absorbs retransmissions (the TU has not answered yet); Proceeding and
    // Completed repeat the latest response.
    if ((state_ == State::Proceeding || state_ == State::Completed) && last_response_)
        outputs_.push(Transmit{last_response_->clone(), SendKind::Retransmission});
}

boost::system::error_code ServerNonInvite::send_response(sip::Message response, TimePoint now) {
    if (!response.is_response())
        return errc::wrong_kind;
    if (state_ != State::Trying && state_ != State::Proceeding)
        return errc::wrong_state;
    const bool final = response.status_code() >= 200;
    last_response_ = response.clone();
    outputs_.push(Transmit{std::move(response), SendKind::First});
    if (!final) {
        state_ = State::Proceeding;
        return {};
    }
    // §17.2.2: Timer J (64·T1 unreliable, zero reliable) absorbs retransmitted requests.
    state_ = State::Completed;
    if (options_.reliability == Reliability::Reliable) {
        state_ = State::Terminated;
        return {};
    }
    timer_j_ = now + options_.timers.timeout();
    return {};
}

void ServerNonInvite::on_timer(TimePoint now) {
    if (!due(timer_j_, now))
        return;
    timer_j_.reset();
    state_ = State::Terminated;
}

void ServerNonInvite::on_transport_error(boost::system::error_code error, TimePoint) {
    if (terminated())
        return;
    state_ = State::Terminated;
    timer_j_.reset();
    outputs_.push(TransportFailed{error});
}

}  // namespace sessioncore::transaction
