#pragma once
// The transactions of one shard, by key (RFC 3261 §17.1.3, §17.2.3). Sans-IO like the machines:
// the driver looks a received message up here, feeds the transaction it gets, drains its
// outputs, and calls remove_terminated() afterwards. Not thread-safe: one table per shard.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <sessioncore/base/time.hpp>
#include <sessioncore/sip/message.hpp>
#include <sessioncore/transaction/client_invite.hpp>
#include <sessioncore/transaction/client_non_invite.hpp>
#include <sessioncore/transaction/server_invite.hpp>
#include <sessioncore/transaction/server_non_invite.hpp>
#include <sessioncore/transaction/transaction_key.hpp>

namespace sessioncore::transaction {

using ClientTransaction = std::variant<ClientInvite, ClientNonInvite>;
using ServerTransaction = std::variant<ServerInvite, ServerNonInvite>;

// Uniform access to either machine of a pair, so a driver needs no std::visit of its own.
template <class... Machines>
std::optional<Output> poll_output(std::variant<Machines...>& tx) {
    return std::visit([](auto& m) { return m.poll_output(); }, tx);
}
template <class... Machines>
std::optional<TimePoint> next_wake(const std::variant<Machines...>& tx) noexcept {
    return std::visit([](const auto& m) { return m.next_wake(); }, tx);
}
template <class... Machines>
void on_timer(std::variant<Machines...>& tx, TimePoint now) {
    std::visit([now](auto& m) { m.on_timer(now); }, tx);
}
template <class... Machines>
void on_transport_error(std::variant<Machines...>& tx, boost::system::error_code error,
                        TimePoint now) {
    std::visit([error, now](auto& m) { m.on_transport_error(error, now); }, tx);
}
template <class... Machines>
bool terminated(const std::variant<Machines...>& tx) noexcept {
    return std::visit([](const auto& m) { return m.terminated(); }, tx);
}
template <class... Machines>
const sip::Message& request_of(const std::variant<Machines...>& tx) noexcept {
    return std::visit([](const auto& m) -> const sip::Message& { return m.request(); }, tx);
}

/// Client transactions by ClientKey.
class ClientTable {
public:
    /// Stores a new transaction under the key of its request. Pointers stay valid until the
    /// transaction is removed. Errors: errc::unkeyable, errc::duplicate_transaction.
    boost::system::result<ClientTransaction*> insert(ClientTransaction tx);
    /// The transaction with this key, or nullptr.
    [[nodiscard]] ClientTransaction* find(const ClientKey& key) noexcept;
    /// The transaction a received response belongs to (§17.1.3), or nullptr (a stray response,
    /// or a 2xx retransmission after Timer M: the TU's, §13.2.2.4).
    [[nodiscard]] ClientTransaction* find(const sip::Message& response);

    /// Transactions held, Terminated ones included until remove_terminated().
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    /// Drops the transaction with this key (a driver that tracks deadlines itself removes each
    /// one as it terminates, without the scan of remove_terminated()). False when absent.
    bool erase(const ClientKey& key) noexcept;
    /// Drops every Terminated transaction; returns how many.
    std::size_t remove_terminated();
    /// The earliest next_wake() of all (a scan; TransactionLayer keeps a heap instead).
    [[nodiscard]] std::optional<TimePoint> next_wake() const noexcept;
    /// Calls f(const ClientKey&, ClientTransaction&) for each transaction.
    template <class F>
    void for_each(F&& f) {
        for (auto& [key, tx] : entries_)
            f(key, tx);
    }

private:
    std::unordered_map<ClientKey, ClientTransaction, ClientKeyHash> entries_;
};

/// §8.2.2.2 verdict for a request without To tag.
enum class MergeVerdict : std::uint8_t {
    Distinct,  ///< a new request or a retransmission: process it
    Merged,    ///< same From tag, Call-ID and CSeq as a live transaction, other branch: answer 482
};

/// Server transactions by ServerKey, with CANCEL lookup and merged-request detection.
class ServerTable {
public:
    /// A stored transaction and the key it is stored under; both stay valid until it is
    /// removed.
    struct Inserted {
        ServerTransaction* tx = nullptr;
        const ServerKey* key = nullptr;
    };
    /// Stores a new transaction under the key of its request. Pointers stay valid until the
    /// transaction is removed. Errors: errc::unkeyable, errc::duplicate_transaction.
    boost::system::result<ServerTransaction*> insert(ServerTransaction tx);
    /// insert() with the key already computed (precondition: key == server_key(request of
    /// tx)), so that a driver that looked the request up first builds its key only once.
    /// Errors: errc::duplicate_transaction.
    boost::system::result<Inserted> insert(ServerTransaction tx, ServerKey key);
    /// The transaction with this key, or nullptr.
    [[nodiscard]] ServerTransaction* find(const ServerKey& key) noexcept;
    /// The transaction a received request belongs to (§17.2.3): a retransmission, or an ACK
    /// for a non-2xx final (RFC 2543 ACKs: by the To tag of that response). nullptr for a new
    /// request, and for the ACK of a 2xx (it goes to the TU, §17.2.3).
    [[nodiscard]] ServerTransaction* find(const sip::Message& request);
    /// find(request) with its key already computed (precondition: key == server_key(request)).
    [[nodiscard]] ServerTransaction* find(const sip::Message& request, const ServerKey& key);
    /// The INVITE transaction a CANCEL cancels (§9.2), or nullptr (the TU answers 481).
    [[nodiscard]] ServerTransaction* find_cancelled_invite(const sip::Message& cancel);
    /// §8.2.2.2: whether a request that matches no transaction was merged on its way here.
    [[nodiscard]] MergeVerdict check_merged(const sip::Message& request) const;
    /// check_merged(request) with its key already computed (precondition: key ==
    /// server_key(request)).
    [[nodiscard]] MergeVerdict check_merged(const sip::Message& request,
                                            const ServerKey& key) const;

    /// Transactions held, Terminated ones included until remove_terminated().
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    /// Drops the transaction with this key; false when absent.
    bool erase(const ServerKey& key);
    /// Drops every Terminated transaction; returns how many.
    std::size_t remove_terminated();
    /// The earliest next_wake() of all (a scan; TransactionLayer keeps a heap instead).
    [[nodiscard]] std::optional<TimePoint> next_wake() const noexcept;
    /// Calls f(const ServerKey&, ServerTransaction&) for each transaction.
    template <class F>
    void for_each(F&& f) {
        for (auto& [key, entry] : entries_)
            f(key, entry.tx);
    }

private:
    struct Entry {
        ServerTransaction tx;
        // Hash of the request's From tag, Call-ID and CSeq (§8.2.2.2); nullopt when one is
        // missing (never merged). The index holds hashes only: a hit compares the fields of
        // both requests, so no merge-id string is built per request.
        std::optional<std::size_t> merge_hash;
    };
    using Entries = std::unordered_map<ServerKey, Entry, ServerKeyHash>;
    void unindex(Entries::iterator it);  // drops its merge-id index entry
    Entries entries_;
    std::unordered_multimap<std::size_t, const ServerKey*> by_merge_id_;
};

}  // namespace sessioncore::transaction
