#pragma once
// The non-INVITE client transaction (RFC 3261 §17.1.2, figure 6): every request but INVITE and
// ACK (ACK has no transaction, §17.1). Sans-IO like ClientInvite. Not thread-safe.
//
//   Trying --1xx--> Proceeding --200-699--> Completed --Timer K--> Terminated
//     |  \--200-699--> Completed                |
//     \--Timer F / transport error--> Terminated \--Timer F / transport error--> Terminated

#include <cstdint>
#include <optional>

#include <boost/system/error_code.hpp>

#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/output.hpp>
#include <sessioncore/transaction/timers.hpp>

namespace sessioncore::transaction {

class ClientNonInvite {
public:
    enum class State : std::uint8_t { Trying, Proceeding, Completed, Terminated };

    /// Starts the transaction: queues the request for sending and arms Timer E (unreliable
    /// only) and Timer F. Precondition: a request other than INVITE and ACK.
    ClientNonInvite(sip::Message request, TimePoint now, const TransactionOptions& options = {});

    /// A response matched to this transaction. Provisionals and the first final response go to
    /// the TU; retransmitted finals in Completed are absorbed (§17.1.2.2).
    void on_response(sip::Message response, TimePoint now);
    /// Fires every timer whose deadline is at or before `now`.
    void on_timer(TimePoint now);
    /// The transport failed to send the request (§17.1.4): TransportFailed, then Terminated.
    void on_transport_error(boost::system::error_code error, TimePoint now);

    /// The next queued output, oldest first; drain after every input.
    [[nodiscard]] std::optional<Output> poll_output() { return outputs_.pop(); }
    /// When on_timer() next has work; nullopt once Terminated.
    [[nodiscard]] std::optional<TimePoint> next_wake() const noexcept;

    [[nodiscard]] State state() const noexcept { return state_; }
    [[nodiscard]] bool terminated() const noexcept { return state_ == State::Terminated; }
    /// The request this transaction sends.
    [[nodiscard]] const sip::Message& request() const noexcept { return request_; }

private:
    void terminate() noexcept;

    sip::Message request_;
    TransactionOptions options_;
    State state_ = State::Trying;
    Duration timer_e_interval_{};
    std::optional<TimePoint> timer_e_, timer_f_, timer_k_;
    OutputQueue outputs_;
};

}  // namespace sessioncore::transaction
