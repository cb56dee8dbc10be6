#pragma once
// The non-INVITE server transaction (RFC 3261 §17.2.2, figure 8). Sans-IO: the received request
// at construction; its retransmissions, TU responses, Timer J and transport errors as inputs.
// Not thread-safe: one shard owns it.
//
//   Trying --TU 1xx--> Proceeding --TU 200-699--> Completed --Timer J--> Terminated
//     \--TU 200-699--> Completed         (any state) --transport error--> Terminated

#include <cstdint>
#include <optional>

#include <boost/system/error_code.hpp>

#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/output.hpp>
#include <sessioncore/transaction/timers.hpp>

namespace sessioncore::transaction {

class ServerNonInvite {
public:
    enum class State : std::uint8_t { Trying, Proceeding, Completed, Terminated };

    /// Creates the transaction for a received request. Precondition: a request other than
    /// INVITE and ACK.
    ServerNonInvite(sip::Message request, TimePoint now, const TransactionOptions& options = {});

    /// A retransmission of the request: absorbed in Trying, answered with the latest
    /// provisional in Proceeding and with the final response in Completed (§17.2.2).
    void on_request(sip::Message request, TimePoint now);
    /// The TU's response: 1xx in Trying or Proceeding, then one final (200-699).
    /// Errors: errc::wrong_kind for a request, errc::wrong_state after the final response.
    [[nodiscard]] boost::system::error_code send_response(sip::Message response, TimePoint now);
    /// Fires Timer J when due.
    void on_timer(TimePoint now);
    /// The transport failed to send a response (§17.2.4): TransportFailed, then Terminated.
    void on_transport_error(boost::system::error_code error, TimePoint now);

    /// The next queued output, oldest first; drain after every input.
    [[nodiscard]] std::optional<Output> poll_output() { return outputs_.pop(); }
    /// When on_timer() next has work; nullopt when no timer is armed.
    [[nodiscard]] std::optional<TimePoint> next_wake() const noexcept { return timer_j_; }

    [[nodiscard]] State state() const noexcept { return state_; }
    [[nodiscard]] bool terminated() const noexcept { return state_ == State::Terminated; }
    /// The request that created the transaction.
    [[nodiscard]] const sip::Message& request() const noexcept { return request_; }

private:
    sip::Message request_;
    TransactionOptions options_;
    State state_ = State::Trying;
    std::optional<sip::Message> last_response_;  // the latest provisional, then the final
    std::optional<TimePoint> timer_j_;
    OutputQueue outputs_;
};

}  // namespace sessioncore::transaction
