// The UAS core's 2xx retransmission (RFC 3261 §13.3.1.4).
#include <algorithm>
#include <utility>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/dialog/ok_retransmitter.hpp>

namespace sessioncore::dialog {

void OkRetransmitter::start(sip::Message ok, TimePoint now) {
    auto cseq = ok.cseq();
    SC_ASSERT(ok.is_response() && ok.status_code() >= 200 && ok.status_code() < 300 && cseq,
              "start() takes a 2xx response with a CSeq");
    cseq_ = cseq->number;
    ok_ = std::move(ok);
    state_ = State::WaitingForAck;
    // §13.3.1.4: "an interval that starts at T1 seconds and doubles for each retransmission
    // until it reaches T2 seconds"; the server gives up after 64·T1 in total.
    interval_ = timers_.t1;
    next_retransmit_ = now + interval_;
    give_up_ = now + timers_.timeout();
    outputs_.clear();  // what was queued for the replaced 2xx no longer applies
}

AckMatch OkRetransmitter::on_ack(std::uint32_t cseq, TimePoint /*now*/) {
    if (state_ != State::WaitingForAck)
        return AckMatch::NotWaiting;
    if (cseq != cseq_)
        return AckMatch::OtherCSeq;
    state_ = State::Acknowledged;
    return AckMatch::Acknowledged;
}

void OkRetransmitter::on_timer(TimePoint now) {
    if (state_ != State::WaitingForAck)
        return;
    // The give-up wins over a retransmission due at the same instant: 64·T1 is the whole
    // window, and a 2xx sent at its end could not be ACKed in time anyway.
    if (now >= give_up_) {
        state_ = State::TimedOut;
        outputs_.emplace_back(AckTimedOut{});
        return;
    }
    if (now < next_retransmit_)
        return;
    outputs_.emplace_back(RetransmitOk{&*ok_});
    interval_ = std::min(interval_ * 2, timers_.t2);
    // From `now`, not from the missed deadline: a late driver sends one copy, not a burst.
    next_retransmit_ = now + interval_;
}

std::optional<OkOutput> OkRetransmitter::poll_output() {
    if (outputs_.empty())
        return std::nullopt;
    OkOutput out = outputs_.front();
    outputs_.pop_front();
    return out;
}

std::optional<TimePoint> OkRetransmitter::next_wake() const noexcept {
    if (state_ != State::WaitingForAck)
        return std::nullopt;
    return std::min(next_retransmit_, give_up_);
}

}  // namespace sessioncore::dialog
