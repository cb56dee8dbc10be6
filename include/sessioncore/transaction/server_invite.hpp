#pragma once
// The INVITE server transaction (RFC 3261 §17.2.1, figure 7, as updated by RFC 6026 §7.1 and
// figure 4 there: a 2xx moves it to Accepted). Sans-IO: the received INVITE at construction;
// its retransmissions, the ACK, TU responses, timer expiries and transport errors as inputs,
// each with `now`. Not thread-safe: one shard owns it.
//
//   Proceeding --TU 2xx--> Accepted --Timer L--> Terminated
//       \--TU 300-699--> Completed --ACK--> Confirmed --Timer I--> Terminated
//                           \--Timer H (no ACK) / transport error--> Terminated

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/error_code.hpp>

#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/output.hpp>
#include <sessioncore/transaction/timers.hpp>

namespace sessioncore::transaction {

class ServerInvite {
public:
    enum class State : std::uint8_t { Proceeding, Completed, Confirmed, Accepted, Terminated };

    /// Creates the transaction for a received INVITE and arms the 100 Trying delay
    /// (TimerConfig::trying_delay, §17.2.1). The TU reads the INVITE from request().
    /// Precondition: `invite` is an INVITE request.
    ServerInvite(sip::Message invite, TimePoint now, const TransactionOptions& options = {});

    /// A request matched to this transaction: a retransmitted INVITE (answered with the last
    /// provisional in Proceeding or the final in Completed, absorbed otherwise) or an ACK
    /// (Completed → Confirmed; in Accepted it goes to the TU as AckReceived).
    void on_request(sip::Message request, TimePoint now);
    /// The TU's response. 1xx: allowed in Proceeding. 2xx: Proceeding → Accepted, and in
    /// Accepted the TU's retransmissions of it (§13.3.1.4). 300-699: Proceeding → Completed.
    /// Errors: errc::wrong_kind for a request, errc::wrong_state otherwise.
    [[nodiscard]] boost::system::error_code send_response(sip::Message response, TimePoint now);
    /// Fires every timer whose deadline is at or before `now`.
    void on_timer(TimePoint now);
    /// The transport failed to send a response (§17.2.4): TransportFailed, then Terminated.
    void on_transport_error(boost::system::error_code error, TimePoint now);

    /// The next queued output, oldest first; drain after every input.
    [[nodiscard]] std::optional<Output> poll_output() { return outputs_.pop(); }
    /// When on_timer() next has work; nullopt when no timer is armed.
    [[nodiscard]] std::optional<TimePoint> next_wake() const noexcept;

    [[nodiscard]] State state() const noexcept { return state_; }
    [[nodiscard]] bool terminated() const noexcept { return state_ == State::Terminated; }
    /// The INVITE that created the transaction.
    [[nodiscard]] const sip::Message& request() const noexcept { return invite_; }
    /// The To tag of the final response sent ("" before one): an RFC 2543 ACK matches with it
    /// (§17.2.3).
    [[nodiscard]] std::string_view final_to_tag() const noexcept { return final_to_tag_; }

private:
    void send_trying();
    void enter_completed(sip::Message response, TimePoint now);
    void resend(const std::optional<sip::Message>& response);
    void terminate() noexcept;

    sip::Message invite_;
    TransactionOptions options_;
    State state_ = State::Proceeding;
    std::optional<sip::Message> last_provisional_, final_;
    std::string final_to_tag_;
    Duration timer_g_interval_{};
    std::optional<TimePoint> timer_trying_, timer_g_, timer_h_, timer_i_, timer_l_;
    OutputQueue outputs_;
};

}  // namespace sessioncore::transaction
