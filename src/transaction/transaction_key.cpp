#include <string_view>

#include <sessioncore/sip/via.hpp>
#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/transaction_key.hpp>

#include "text.hpp"

namespace sessioncore::transaction {
namespace {

void mix(std::size_t& seed, std::size_t value) noexcept {
    // boost::hash_combine's mixing step.
    seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
}

std::size_t hash_text(std::string_view text) noexcept {
    return std::hash<std::string_view>{}(text);
}

bool is_rfc3261_branch(std::string_view branch) noexcept {
    return branch.starts_with(sip::branch_magic_cookie);
}

}  // namespace

boost::system::result<ClientKey> client_key(const sip::Message& message) {
    auto via = message.top_via();
    auto cseq = message.cseq();
    if (!via || !via->branch || via->branch->empty() || !cseq)
        return make_error_code(errc::unkeyable);
    return ClientKey{std::string(*via->branch), std::string(cseq->method_name)};
}

boost::system::result<ServerKey> server_key(const sip::Message& request) {
    auto via = request.top_via();
    auto cseq = request.cseq();
    if (!request.is_request() || !via || !cseq)
        return make_error_code(errc::unkeyable);
    ServerKey key;
    // §17.2.3: the ACK of a non-2xx carries the INVITE's branch and must find its transaction.
    key.method = cseq->method == sip::Method::Ack
                     ? std::string(sip::method_name(sip::Method::Invite))
                     : std::string(cseq->method_name);
    if (via->branch && is_rfc3261_branch(*via->branch)) {
        key.kind = KeyKind::Rfc3261;
        key.branch = std::string(*via->branch);
        key.sent_by = detail::lower(via->host);
        if (via->port)
            key.sent_by.append(":").append(std::to_string(*via->port));
        return key;
    }
    // §17.2.3, RFC 2543 compatibility: Request-URI, To tag, From tag, Call-ID, CSeq and top Via.
    auto to = request.to();
    auto from = request.from();
    auto call_id = request.call_id();
    auto vias = request.values(sip::HeaderId::Via);
    if (!to || !from || !call_id || vias.empty())
        return make_error_code(errc::unkeyable);
    key.kind = KeyKind::Rfc2543;
    key.request_uri = detail::one_line(request.request_uri());
    key.to_tag = std::string(to->tag().value_or(""));
    key.from_tag = std::string(from->tag().value_or(""));
    key.call_id = std::string(*call_id);
    key.cseq_number = cseq->number;
    key.top_via = detail::one_line(*vias.begin());
    return key;
}

ServerKey cancelled_invite_key(ServerKey cancel_key) {
    cancel_key.method = std::string(sip::method_name(sip::Method::Invite));
    return cancel_key;
}

std::size_t ClientKeyHash::operator()(const ClientKey& key) const {
    std::size_t seed = hash_text(key.branch);
    mix(seed, hash_text(key.method));
    return seed;
}

std::size_t ServerKeyHash::operator()(const ServerKey& key) const {
    std::size_t seed = static_cast<std::size_t>(key.kind);
    mix(seed, hash_text(key.method));
    if (key.kind == KeyKind::Rfc3261) {
        mix(seed, hash_text(key.branch));
        mix(seed, hash_text(key.sent_by));
        return seed;
    }
    for (const auto* field :
         {&key.request_uri, &key.to_tag, &key.from_tag, &key.call_id, &key.top_via})
        mix(seed, hash_text(*field));
    mix(seed, std::hash<std::uint32_t>{}(key.cseq_number));
    return seed;
}

}  // namespace sessioncore::transaction
