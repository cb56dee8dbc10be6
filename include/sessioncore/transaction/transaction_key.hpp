#pragma once
// Transaction matching (RFC 3261 §17.1.3 client side, §17.2.3 server side, §9.2 CANCEL). A key
// owns its bytes: a transaction outlives the message that created it. Keys are hashable
// (ClientKeyHash, ServerKeyHash, and std::hash).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <boost/system/result.hpp>

#include <sessioncore/sip/message.hpp>

namespace sessioncore::transaction {

/// §17.1.3: a response belongs to the client transaction whose request had the same top Via
/// branch and the same CSeq method (a CANCEL shares the INVITE's branch but is another
/// transaction). The ACK for a non-2xx belongs to the INVITE transaction and has no key of its
/// own; the ACK for a 2xx is no transaction at all (§17.1.1.3, §13.2.2.4).
struct ClientKey {
    std::string branch;  ///< top Via branch, byte for byte
    std::string method;  ///< CSeq method token

    friend bool operator==(const ClientKey&, const ClientKey&) = default;
};

/// The key of a request we send or a response we receive (both carry our top Via and the
/// CSeq). Errors: errc::unkeyable when the top Via, its branch or the CSeq is missing or bad.
[[nodiscard]] boost::system::result<ClientKey> client_key(const sip::Message& message);

/// Which rule of §17.2.3 a server key follows.
enum class KeyKind : std::uint8_t {
    Rfc3261,  ///< branch starts with "z9hG4bK": branch + sent-by + method
    Rfc2543,  ///< older clients: Request-URI, tags, Call-ID, CSeq number and top Via
};

/// §17.2.3. For both kinds the method of an ACK counts as INVITE, so the ACK of a non-2xx
/// final response finds its INVITE transaction. RFC 2543 ACKs also need the To tag of the
/// response the transaction sent; ServerTable::find() does that second step.
struct ServerKey {
    KeyKind kind = KeyKind::Rfc3261;
    std::string method;   ///< CSeq method; ACK is stored as INVITE
    std::string branch;   ///< RFC 3261: the top Via branch
    std::string sent_by;  ///< RFC 3261: top Via host in lower case, ":port" when written
    // RFC 2543 fields (empty for Rfc3261 keys):
    std::string request_uri;  ///< as written, folds removed
    std::string to_tag;
    std::string from_tag;
    std::string call_id;
    std::uint32_t cseq_number = 0;
    std::string top_via;  ///< the whole top via-parm, folds removed

    friend bool operator==(const ServerKey&, const ServerKey&) = default;
};

/// The server key of a received request (§17.2.3). Errors: errc::unkeyable when the top Via,
/// CSeq, From, To or Call-ID is missing or malformed (the RFC 2543 rule needs all of them).
[[nodiscard]] boost::system::result<ServerKey> server_key(const sip::Message& request);

/// §9.2: a CANCEL matches the INVITE transaction whose key equals its own with method INVITE.
[[nodiscard]] ServerKey cancelled_invite_key(ServerKey cancel_key);

// Deliberately not noexcept: libstdc++ keeps a node's hash code in the node only for a hash
// that may throw (or is marked slow), and these hash two to six strings. A noexcept hash was
// recomputed for the neighbours of every lookup and on every rehash, ~20 times per call.
struct ClientKeyHash {
    std::size_t operator()(const ClientKey& key) const;
};
struct ServerKeyHash {
    std::size_t operator()(const ServerKey& key) const;
};

}  // namespace sessioncore::transaction

template <>
struct std::hash<sessioncore::transaction::ClientKey> : sessioncore::transaction::ClientKeyHash {};
template <>
struct std::hash<sessioncore::transaction::ServerKey> : sessioncore::transaction::ServerKeyHash {};
