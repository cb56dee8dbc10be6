#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>

#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/transaction_table.hpp>

namespace sessioncore::transaction {
namespace {

// §8.2.2.2: a merged request has the From tag, Call-ID and CSeq (number and method) of another
// transaction. The fields as views into the request; nullopt when the request lacks one.
struct MergeFields {
    std::string_view from_tag;
    std::string_view call_id;
    std::uint32_t cseq_number = 0;
    std::string_view cseq_method;
    friend bool operator==(const MergeFields&, const MergeFields&) = default;
};

std::optional<MergeFields> merge_fields_of(const sip::Message& request) {
    auto from = request.from();
    auto call_id = request.call_id();
    auto cseq = request.cseq();
    if (!from || !call_id || !cseq)
        return std::nullopt;
    return MergeFields{from->tag().value_or(""), *call_id, cseq->number, cseq->method_name};
}

std::size_t merge_hash_of(const MergeFields& fields) noexcept {
    std::hash<std::string_view> text;
    std::size_t seed = text(fields.from_tag);
    // boost::hash_combine's mixing step, as in transaction_key.cpp.
    for (std::size_t value :
         {text(fields.call_id), std::size_t{fields.cseq_number}, text(fields.cseq_method)})
        seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    return seed;
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
    auto key = server_key(request_of(tx));
    if (!key)
        return key.error();
    auto inserted = insert(std::move(tx), std::move(*key));
    if (!inserted)
        return inserted.error();
    return inserted->tx;
}

boost::system::result<ServerTable::Inserted> ServerTable::insert(ServerTransaction tx,
                                                                 ServerKey key) {
    std::optional<std::size_t> merge_hash;
    if (auto fields = merge_fields_of(request_of(tx)))
        merge_hash = merge_hash_of(*fields);
    auto [it, inserted] = entries_.try_emplace(std::move(key), Entry{std::move(tx), merge_hash});
    if (!inserted)
        return make_error_code(errc::duplicate_transaction);
    if (merge_hash)
        by_merge_id_.emplace(*merge_hash, &it->first);
    return Inserted{&it->second.tx, &it->first};
}

ServerTransaction* ServerTable::find(const ServerKey& key) noexcept {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second.tx;
}

ServerTransaction* ServerTable::find(const sip::Message& request) {
    auto key = server_key(request);
    return key ? find(request, *key) : nullptr;
}

ServerTransaction* ServerTable::find(const sip::Message& request, const ServerKey& key) {
    if (auto* tx = find(key))
        return tx;
    if (request.method() != sip::Method::Ack || key.kind != KeyKind::Rfc2543)
        return nullptr;
    // §17.2.3: an RFC 2543 ACK carries the To tag of our response, which the INVITE lacked.
    ServerKey invite_key = key;
    invite_key.to_tag.clear();
    auto* tx = find(invite_key);
    if (tx == nullptr)
        return nullptr;
    const auto* invite = std::get_if<ServerInvite>(tx);
    return invite != nullptr && invite->final_to_tag() == key.to_tag ? tx : nullptr;
}

ServerTransaction* ServerTable::find_cancelled_invite(const sip::Message& cancel) {
    if (cancel.method() != sip::Method::Cancel)
        return nullptr;
    auto key = server_key(cancel);
    return key ? find(cancelled_invite_key(std::move(*key))) : nullptr;
}

MergeVerdict ServerTable::check_merged(const sip::Message& request) const {
    auto key = server_key(request);
    return key ? check_merged(request, *key) : MergeVerdict::Distinct;
}

MergeVerdict ServerTable::check_merged(const sip::Message& request, const ServerKey& key) const {
    // §8.2.2.2 applies to requests outside a dialog (no To tag) that match no transaction.
    if (!request.is_request() || request.method() == sip::Method::Ack || has_to_tag(request))
        return MergeVerdict::Distinct;
    auto fields = merge_fields_of(request);
    if (!fields || entries_.contains(key))
        return MergeVerdict::Distinct;
    auto [first, last] = by_merge_id_.equal_range(merge_hash_of(*fields));
    for (auto it = first; it != last; ++it) {
        const auto& entry = entries_.at(*it->second);
        if (!terminated(entry.tx) && merge_fields_of(request_of(entry.tx)) == fields)
            return MergeVerdict::Merged;
    }
    return MergeVerdict::Distinct;
}

void ServerTable::unindex(Entries::iterator it) {
    if (!it->second.merge_hash)
        return;
    auto [first, last] = by_merge_id_.equal_range(*it->second.merge_hash);
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
