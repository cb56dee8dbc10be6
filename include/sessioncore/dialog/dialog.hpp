#pragma once
// The dialog state of RFC 3261 §12: id, state, CSeq numbers, local and remote URI, remote
// target, route set and secure flag. Sans-IO: messages in, messages and verdicts out; no
// clock, no sockets. One Dialog per dialog; forking (several early dialogs for one INVITE) is
// invite_forks.hpp, 2xx retransmission ok_retransmitter.hpp, glare glare.hpp and
// reinvite_guard.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

#include <sessioncore/dialog/dialog_id.hpp>
#include <sessioncore/dialog/error.hpp>
#include <sessioncore/dialog/role.hpp>
#include <sessioncore/sip/message.hpp>

namespace sessioncore::dialog {

template <class T>
using Result = boost::system::result<T>;

enum class DialogState : std::uint8_t {
    Early,       ///< created by a 101-199 with a To tag (§12.1)
    Confirmed,   ///< a 2xx was sent or received
    Terminated,  ///< a non-2xx final ended an early dialog, or BYE ended it (§15)
};

/// Whether the dialog-creating request travelled over TLS: with a sips Request-URI, that
/// makes the dialog secure (RFC 3261 §12.1.1, §12.1.2).
enum class Transport : std::uint8_t { Other, Tls };

/// What the UAS core does with a request received inside a dialog (RFC 3261 §12.2.2).
struct RequestVerdict {
    enum class Kind : std::uint8_t {
        Accept,      ///< in order; the remote CSeq was recorded
        OutOfOrder,  ///< CSeq lower than the last one seen: answer `status` (500)
    };
    Kind kind = Kind::Accept;
    std::uint16_t status = 0;  ///< the response to send when not accepted
    /// A target refresh request's Contact URI: the new remote target once the request
    /// succeeds; pass it to commit_remote_target() then.
    std::optional<std::string> pending_remote_target;
};

/// Options of Dialog::make_request().
struct RequestOptions {
    /// The CSeq number to use instead of the dialog's choice (see make_request()).
    std::optional<std::uint32_t> cseq{};
    /// The top Via branch; empty: a fresh transaction::make_branch().
    std::string_view branch{};
    /// The placeholder top Via's protocol and sent-by, rewritten by the transport (§18.1.1).
    std::string_view via_sent_by{"SIP/2.0/UDP sessioncore.invalid"};
    std::string_view content_type{};  ///< with body
    std::string_view body{};
};

class Dialog {
public:
    /// A UAC's dialog from the INVITE it sent and a 101-199 with a To tag or a 2xx (§12.1.2).
    /// Errors: errc::not_dialog_creating (other status, no To tag), errc::bad_message,
    /// errc::bad_contact (the response has no parsable Contact), errc::bad_route.
    [[nodiscard]] static Result<Dialog> create_uac(const sip::Message& invite,
                                                   const sip::Message& response,
                                                   Transport transport);
    /// A UAS's dialog from the INVITE it received and the 101-199 or 2xx it sends, whose To
    /// tag is our tag (§12.1.1). Errors as create_uac(); bad_contact for the INVITE's Contact.
    [[nodiscard]] static Result<Dialog> create_uas(const sip::Message& invite,
                                                   const sip::Message& response,
                                                   Transport transport);

    [[nodiscard]] const DialogId& id() const noexcept { return id_; }
    [[nodiscard]] DialogState state() const noexcept { return state_; }
    [[nodiscard]] Role role() const noexcept { return role_; }
    [[nodiscard]] bool secure() const noexcept { return secure_; }
    /// Empty until a request is sent (UAS) or received (UAC) in the dialog (§12.1).
    [[nodiscard]] std::optional<std::uint32_t> local_cseq() const noexcept { return local_cseq_; }
    [[nodiscard]] std::optional<std::uint32_t> remote_cseq() const noexcept { return remote_cseq_; }
    [[nodiscard]] const std::string& local_uri() const noexcept { return local_uri_; }
    [[nodiscard]] const std::string& remote_uri() const noexcept { return remote_uri_; }
    [[nodiscard]] const std::string& remote_target() const noexcept { return remote_target_; }
    /// Our Contact, sent in target refresh requests.
    [[nodiscard]] const std::string& local_contact() const noexcept { return local_contact_; }
    /// Route set elements as written ("<sip:p1.example.com;lr>"), in the order a request
    /// we send carries them.
    [[nodiscard]] const std::vector<std::string>& route_set() const noexcept { return route_set_; }

    /// Builds a request inside the dialog (§12.2.1.1). CSeq: one more than the local CSeq,
    /// except ACK and CANCEL, which reuse the number of the last INVITE sent (§13.2.2.4, §9.1);
    /// options.cseq overrides both. Errors: errc::bad_route when the route set's first element
    /// no longer parses (cannot happen for a route set this class stored).
    [[nodiscard]] Result<sip::Message> make_request(std::string_view method,
                                                    const RequestOptions& options = {});

    /// A request the peer sent in this dialog (§12.2.2): checks and records the remote CSeq.
    /// A received BYE that is accepted terminates the dialog (§15.1.2).
    /// Errors: errc::bad_message, errc::wrong_dialog (Call-ID or tags differ).
    [[nodiscard]] Result<RequestVerdict> on_request(const sip::Message& request);

    /// Replaces the remote target once a target refresh request succeeded (RFC 6141 §4).
    void commit_remote_target(std::string target) { remote_target_ = std::move(target); }

    /// A response to a request of this dialog. UAC: a 2xx to the dialog's INVITE confirms an
    /// early dialog and recomputes its route set (§13.2.2.4); a 300-699 to it terminates an
    /// early dialog (§12.3). Both roles: a 2xx to a target refresh request with a Contact
    /// updates the remote target (§12.2.1.2); a final response to BYE terminates (§15.1.1).
    /// Errors: errc::bad_message, errc::wrong_dialog, errc::bad_contact, errc::bad_route.
    [[nodiscard]] Result<void> on_response(const sip::Message& response);

    /// The UAS sent a 2xx to the dialog-creating INVITE (§12.1.1): Early -> Confirmed.
    /// A 300-699 sent instead terminates an early dialog.
    void on_final_sent(std::uint16_t status) noexcept;

    /// Ends the dialog locally: an early dialog of a fork when the INVITE fails with another
    /// fork's final response or its window closes (§12.3, §13.2.2.4).
    void terminate() noexcept { state_ = DialogState::Terminated; }

private:
    Dialog() = default;
    bool matches(const sip::Message& message, bool we_sent_request) const;

    DialogId id_;
    DialogState state_ = DialogState::Early;
    Role role_ = Role::Uac;
    bool secure_ = false;
    std::optional<std::uint32_t> local_cseq_;
    std::optional<std::uint32_t> remote_cseq_;
    std::uint32_t invite_cseq_ = 0;                  // the dialog-creating INVITE's number
    std::optional<std::uint32_t> last_invite_cseq_;  // last INVITE we sent, for ACK/CANCEL
    std::string local_uri_, remote_uri_, remote_target_, local_contact_;
    std::vector<std::string> route_set_;
};

/// True for methods whose Contact replaces the remote target: INVITE (§12.2), UPDATE
/// (RFC 3311 §5), SUBSCRIBE and NOTIFY (RFC 6665 §4.1, §4.2).
[[nodiscard]] bool is_target_refresh(sip::Method method) noexcept;

}  // namespace sessioncore::dialog
