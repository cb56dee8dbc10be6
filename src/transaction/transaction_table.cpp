#include <string_view>
#include <utility>

#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/transaction_table.hpp>

namespace sessioncore::transaction {
namespace {

// §8.2.2.2: a merged request has the From tag, Call-ID and CSeq (number and method) of another
// transaction. nullopt when the request lacks one of them.
std::optional<std::string> merge_id_of(const sip::Message& request) {
    auto from = request.from();
    auto call_id = request.call_id();
    auto cseq = request.cseq();
    if (!from || !call_id || !cseq)
        return std::nullopt;
    std::string id(from->tag().value_or(""));
    id.append("\n").append(*call_id).append("\n").append(std::to_string(cseq->number));
    id.append(" ").append(cseq->method_name);
    return id;
}

bool has_to_tag(const sip::Message& request) {
    auto to = request.to();
    return to && to->tag().has_value();
}

template <class Map, class Project>
std::optional<TimePoint> earliest_of(const Map& entries, Project tx_of) noexcept {
    std::optional<TimePoint> first;
    for (const auto& [key, value] : entries) {
        auto wake = next_wake(tx_of(value));
        if (wake && (!first || *wake < *first))
            first = wake;
    }
    return first;
}

}  // namespace

// --- ClientTable ---------------------------------------------------------------------------

boost::system::result<ClientTransaction*> ClientTable::insert(ClientTransaction tx) {
    auto key = client_key(request_of(tx));
    if (!key)
        return key.error();
    auto [it, inserted] = entries_.try_emplace(std::move(*key), std::move(tx));
    if (!inserted)
        return make_error_code(errc::duplicate_transaction);
    return &it->second;
}

ClientTransaction* ClientTable::find(const ClientKey& key) noexcept {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
}

ClientTransaction* ClientTable::find(const sip::Message& response) {
    if (!response.is_response())
        return nullptr;
    auto key = client_key(response);
    return key ? find(*key) : nullptr;
}

bool ClientTable::erase(const ClientKey& key) noexcept {
    return entries_.erase(key) != 0;
}

std::size_t ClientTable::remove_terminated() {
    return std::erase_if(entries_, [](const auto& entry) { return terminated(entry.second); });
}

std::optional<TimePoint> ClientTable::next_wake() const noexcept {
    return earliest_of(
        entries_, [](const ClientTransaction& tx) -> const auto& { return tx; });
}

// --- ServerTable ---------------------------------------------------------------------------

boost::system::result<ServerTransaction*> ServerTable::insert(ServerTransaction tx) {
    const auto& request = request_of(tx);
    auto key = server_key(request);
    if (!key)
        return key.error();
    std::string merge_id = merge_id_of(request).value_or("");
    auto [it, inserted] =
        entries_.try_emplace(std::move(*key), Entry{std::move(tx), std::move(merge_id)});
    if (!inserted)
        return make_error_code(errc::duplicate_transaction);
    by_merge_id_.emplace(it->second.merge_id, &it->first);
    return &it->second.tx;
}

ServerTransaction* ServerTable::find(const ServerKey& key) noexcept {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second.tx;
}

ServerTransaction* ServerTable::find(const sip::Message& request) {
    auto key = server_key(request);
    if (!key)
        return nullptr;
    if (auto* tx = find(*key))
        return tx;
    if (request.method() != sip::Method::Ack || key->kind != KeyKind::Rfc2543)
        return nullptr;
    // §17.2.3: an RFC 2543 ACK carries the To tag of our response, which the INVITE lacked.
    std::string ack_to_tag = std::move(key->to_tag);
    key->to_tag.clear();
    auto* tx = find(*key);
    if (tx == nullptr)
        return nullptr;
    const auto* invite = std::get_if<ServerInvite>(tx);
    return invite != nullptr && invite->final_to_tag() == ack_to_tag ? tx : nullptr;
}

ServerTransaction* ServerTable::find_cancelled_invite(const sip::Message& cancel) {
    if (cancel.method() != sip::Method::Cancel)
        return nullptr;
    auto key = server_key(cancel);
    return key ? find(cancelled_invite_key(std::move(*key))) : nullptr;
}

MergeVerdict ServerTable::check_merged(const sip::Message& request) const {
    // §8.2.2.2 applies to requests outside a dialog (no To tag) that match no transaction.
    if (!request.is_request() || request.method() == sip::Method::Ack || has_to_tag(request))
        return MergeVerdict::Distinct;
    auto key = server_key(request);
    auto merge_id = merge_id_of(request);
    if (!key || !merge_id || entries_.contains(*key))
        return MergeVerdict::Distinct;
    auto [first, last] = by_merge_id_.equal_range(*merge_id);
    for (auto it = first; it != last; ++it) {
        if (!terminated(entries_.at(*it->second).tx))
            return MergeVerdict::Merged;
    }
    return MergeVerdict::Distinct;
}

void ServerTable::unindex(Entries::iterator it) {
    auto [first, last] = by_merge_id_.equal_range(it->second.merge_id);
    for (auto index = first; index != last; ++index) {
        if (index->second == &it->first) {
            by_merge_id_.erase(index);
            return;
        }
    }
}

bool ServerTable::erase(const ServerKey& key) {
    auto it = entries_.find(key);
    if (it == entries_.end())
        return false;
    unindex(it);
    entries_.erase(it);
    return true;
}

std::size_t ServerTable::remove_terminated() {
    std::size_t removed = 0;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (!terminated(it->second.tx)) {
            ++it;
            continue;
        }
        unindex(it);
        it = entries_.erase(it);
        ++removed;
    }
    return removed;
}

std::optional<TimePoint> ServerTable::next_wake() const noexcept {
    return earliest_of(
        entries_, [](const Entry& entry) -> const auto& { return entry.tx; });
}

}  // namespace sessioncore::transaction
