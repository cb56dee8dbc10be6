#pragma once
// One shard of the TransactionLayer: the client and server tables of the Call-IDs this worker
// owns, the TU's per-transaction data, a min-heap of deadlines and the one steady_timer armed
// at the earliest. Touched only on its worker's thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sessioncore/transaction/transaction_layer.hpp>
#include <sessioncore/transaction/transaction_table.hpp>

namespace sessioncore::transaction {

class TransactionLayer::Shard {
public:
    Shard(ShardIndex index, boost::asio::io_context& io, transport::TransportLayer& transport,
          const Clock& clock, const ServerHandlers& handlers,
          const TransactionLayerOptions& options);

    void on_message(transport::ReceivedMessage&& received);
    void on_transport_failure(const transport::TransportFailure& failure);

    ClientTxId send_request(sip::Message request, const transport::Destination& destination,
                            ClientHandler handler, std::uint64_t serial);
    boost::system::error_code respond(std::uint64_t serial, sip::Message response);

    [[nodiscard]] std::size_t live() const noexcept {
        return live_.load(std::memory_order_relaxed);
    }
    /// Cancels the timer; called on the shard before destruction.
    void shut_down();

private:
    struct ClientRecord {
        ClientTransaction* tx = nullptr;
        ClientKey key;
        transport::Destination destination;
        ClientHandler handler;
        std::optional<TimePoint> scheduled;  // the deadline a heap entry exists for
    };
    struct ServerRecord {
        ServerTransaction* tx = nullptr;
        const ServerKey* key = nullptr;  // the ServerTable's copy, valid while tx is
        RequestSource source;
        std::optional<TimePoint> scheduled;
    };
    enum class Side : std::uint8_t { Client, Server };
    struct Deadline {
        TimePoint at;
        Side side;
        std::uint64_t serial;
        friend bool operator>(const Deadline& a, const Deadline& b) noexcept { return a.at > b.at; }
    };

    void on_request(transport::ReceivedMessage&& received);
    void on_response(transport::ReceivedMessage&& received);
    void on_ack(transport::ReceivedMessage&& received);
    void on_cancel(transport::ReceivedMessage&& received);
    void start_server(transport::ReceivedMessage&& received,
                      boost::system::result<ServerKey>&& key);
    std::optional<std::uint64_t> add_server(ServerTransaction tx, ServerKey key,
                                            const RequestSource& source);
    void answer_in_new_transaction(transport::ReceivedMessage&& received, std::uint16_t status);

    void drain_client(std::uint64_t serial);
    void drain_server(std::uint64_t serial);
    void schedule(Side side, std::uint64_t serial, std::optional<TimePoint>& scheduled,
                  std::optional<TimePoint> wake);
    void arm_timer();
    void on_timer_fired();

    ShardIndex index_;
    boost::asio::io_context& io_;
    transport::TransportLayer& transport_;
    const Clock& clock_;
    ServerHandlers handlers_;
    TransactionLayerOptions options_;

    ClientTable clients_;
    ServerTable servers_;
    std::unordered_map<std::uint64_t, ClientRecord> client_records_;
    std::unordered_map<std::uint64_t, ServerRecord> server_records_;
    std::unordered_map<const ServerTransaction*, std::uint64_t> server_serial_by_tx_;
    std::unordered_map<const ClientTransaction*, std::uint64_t> client_serial_by_tx_;
    // RFC 3261 server transactions by (top Via branch, CSeq method): what the TransportFailure
    // of a response names (it carries no sent-by). The views point into the ServerTable's
    // key of the transaction, so an entry costs no string copies; it is erased first.
    struct BranchKey {
        std::string_view branch;
        std::string_view method;
        friend bool operator==(const BranchKey&, const BranchKey&) = default;
    };
    struct BranchKeyHash {
        // Not noexcept, so that the map keeps each node's hash (see ServerKeyHash).
        std::size_t operator()(const BranchKey& key) const {
            std::hash<std::string_view> text;
            return text(key.branch) ^ (text(key.method) << 1);
        }
    };
    std::unordered_map<BranchKey, std::uint64_t, BranchKeyHash> server_serial_by_branch_;
    std::uint64_t next_server_serial_ = 1;
    std::uint64_t dispatching_ = 0;  // the server transaction whose on_request runs; 0: none

    std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
    boost::asio::steady_timer timer_;
    std::optional<TimePoint> timer_armed_for_;
    std::atomic<std::size_t> live_{0};
};

}  // namespace sessioncore::transaction
