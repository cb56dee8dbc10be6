#pragma once
// The INVITE client transaction (RFC 3261 §17.1.1, figure 5, as updated by RFC 6026 §7.2 and
// figure 3 there: a 2xx moves it to Accepted instead of Terminated). Sans-IO: messages, timer
// expiries and transport errors in, each with `now`; Transmit and TU events out through
// poll_output(); the next deadline from next_wake(). Not thread-safe: one shard owns it.
//
//   Calling --1xx--> Proceeding --2xx--> Accepted --Timer M--> Terminated
//      |  \--300-699 (send ACK)--> Completed --Timer D--> Terminated
//      \--Timer B / transport error--> Terminated

#include <cstdint>
#include <optional>

#include <boost/system/error_code.hpp>

#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/output.hpp>
#include <sessioncore/transaction/timers.hpp>

namespace sessioncore::transaction {

class ClientInvite {
public:
    enum class State : std::uint8_t { Calling, Proceeding, Completed, Accepted, Terminated };

    /// Starts the transaction: queues the INVITE for sending and arms Timer A (unreliable
    /// only), Timer B and, when enabled, Timer C. Precondition: `invite` is an INVITE request
    /// with a top Via, From, To, Call-ID and CSeq.
    ClientInvite(sip::Message invite, TimePoint now, const TransactionOptions& options = {});

    /// A response matched to this transaction (see transaction_key.hpp). Provisional responses
    /// and the final response go to the TU; 300-699 are acknowledged here (§17.1.1.3);
    /// retransmitted non-2xx finals are answered with the same ACK and absorbed.
    void on_response(sip::Message response, TimePoint now);
    /// Fires every timer whose deadline is at or before `now`.
    void on_timer(TimePoint now);
    /// The transport failed to send the INVITE or the ACK (§17.1.4): TransportFailed, then
    /// Terminated.
    void on_transport_error(boost::system::error_code error, TimePoint now);
    /// Restarts Timer C (a proxy may do so instead of cancelling, §16.6 step 11). No effect when
    /// Timer C is disabled or a final response has arrived.
    void restart_timer_c(TimePoint now);

    /// The next queued output, oldest first; drain after every input.
    [[nodiscard]] std::optional<Output> poll_output() { return outputs_.pop(); }
    /// When on_timer() next has work; nullopt when no timer is armed (Terminated).
    [[nodiscard]] std::optional<TimePoint> next_wake() const noexcept;

    [[nodiscard]] State state() const noexcept { return state_; }
    [[nodiscard]] bool terminated() const noexcept { return state_ == State::Terminated; }
    /// The INVITE this transaction sends (for the key, and to build a CANCEL).
    [[nodiscard]] const sip::Message& request() const noexcept { return invite_; }

private:
    void on_provisional(sip::Message response, TimePoint now);
    void on_success(sip::Message response, TimePoint now);
    void on_failure(sip::Message response, TimePoint now);
    void send_ack(const sip::Message& response);
    void retransmit_invite(TimePoint now);
    void terminate() noexcept;

    sip::Message invite_;
    std::optional<sip::Message> ack_;  // built on the first 300-699 (§17.1.1.3)
    TransactionOptions options_;
    State state_ = State::Calling;
    Duration timer_a_interval_{};
    std::optional<TimePoint> timer_a_, timer_b_, timer_c_, timer_d_, timer_m_;
    OutputQueue outputs_;
};

}  // namespace sessioncore::transaction
