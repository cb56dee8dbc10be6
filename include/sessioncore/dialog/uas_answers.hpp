#pragma once
// Fixed answers of the UAS core that need no dialog state: a request naming a dialog we do not
// have (RFC 3261 §12.2.2), and the INVITE that a CANCEL reached (§9.2).

#include <cstdint>
#include <optional>
#include <string_view>

#include <sessioncore/sip/method.hpp>

namespace sessioncore::dialog {

/// A status with its reason phrase.
struct StockAnswer {
    std::uint16_t status = 0;
    std::string_view reason;
    friend bool operator==(const StockAnswer&, const StockAnswer&) = default;
};

/// What to answer a request with a To tag whose dialog DialogTable does not hold (§12.2.2):
/// 481 "Call/Transaction Does Not Exist"; nullopt for ACK, which gets no response (§17).
/// Requests without a To tag create dialogs or are outside any; they never come here.
[[nodiscard]] std::optional<StockAnswer> status_for_unmatched_request(sip::Method method) noexcept;

/// Whether a final response was already sent to an INVITE.
enum class InviteAnswered : std::uint8_t { No, Yes };

/// What the INVITE itself gets when a CANCEL for it arrives (§9.2; the transaction layer
/// answers the CANCEL 200): 487 "Request Terminated" while unanswered; nullopt once a final
/// response was sent: the CANCEL has no effect then, and a 2xx'd call goes on until BYE.
[[nodiscard]] std::optional<StockAnswer> status_for_cancelled_invite(
    InviteAnswered answered) noexcept;

}  // namespace sessioncore::dialog
