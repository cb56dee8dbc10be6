// Fixed answers of the UAS core (RFC 3261 §12.2.2, §9.2).
#include <sessioncore/dialog/uas_answers.hpp>

namespace sessioncore::dialog {

std::optional<StockAnswer> status_for_unmatched_request(sip::Method method) noexcept {
    // §12.2.2: "the UAS SHOULD reject the request with a 481"; an ACK is never answered (§17),
    // a stray one is dropped.
    if (method == sip::Method::Ack)
        return std::nullopt;
    return StockAnswer{481, "Call/Transaction Does Not Exist"};
}

std::optional<StockAnswer> status_for_cancelled_invite(InviteAnswered answered) noexcept {
    // §9.2: with a final response already sent "the CANCEL request has no effect on the
    // processing of the original request"; otherwise the INVITE "SHOULD" get a 487.
    if (answered == InviteAnswered::Yes)
        return std::nullopt;
    return StockAnswer{487, "Request Terminated"};
}

}  // namespace sessioncore::dialog
