#include <future>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/transaction_layer.hpp>

#include "shard.hpp"

namespace sessioncore::transaction {

namespace {

// The shard of a message's Call-ID; the transport has validated it, so it parses.
ShardIndex shard_of(const Runtime& runtime, const sip::Message& message) {
    auto call_id = message.call_id();
    return runtime.shard_for(call_id ? *call_id : std::string_view{});
}

std::atomic<std::uint64_t> next_client_serial{1};

}  // namespace

TransactionLayer::TransactionLayer(Runtime& runtime, transport::TransportLayer& transport,
                                   const Clock& clock, ServerHandlers handlers,
                                   TransactionLayerOptions options)
    : runtime_(runtime), transport_(transport) {
    shards_.reserve(runtime.workers());
    for (ShardIndex i = 0; i < runtime.workers(); ++i)
        shards_.push_back(
            std::make_unique<Shard>(i, runtime.worker(i), transport, clock, handlers, options));
    // The transport calls these on the Call-ID's shard (transport.hpp), so no hand-over here.
    transport_.set_message_sink([this](transport::ReceivedMessage&& received) {
        shards_[shard_of(runtime_, received.message)]->on_message(std::move(received));
    });
    transport_.set_failure_sink([this](const transport::TransportFailure& failure) {
        shards_[runtime_.shard_for(failure.call_id)]->on_transport_failure(failure);
    });
}

TransactionLayer::~TransactionLayer() {
    // Precondition (documented in the header): the transport is closed and the workers no
    // longer run, so no handler can reach a shard while it goes.
    for (auto& shard : shards_)
        shard->shut_down();
}

ClientTxId TransactionLayer::send_request(sip::Message request,
                                          const transport::Destination& destination,
                                          ClientHandler handler) {
    const ShardIndex shard = shard_of(runtime_, request);
    const std::uint64_t serial = next_client_serial.fetch_add(1, std::memory_order_relaxed);
    if (runtime_.current_shard() == shard)
        return shards_[shard]->send_request(std::move(request), destination, std::move(handler),
                                            serial);
    boost::asio::post(runtime_.worker(shard), [this, shard, serial, destination,
                                               request = std::move(request),
                                               handler = std::move(handler)]() mutable {
        shards_[shard]->send_request(std::move(request), destination, std::move(handler), serial);
    });
    return ClientTxId{shard, serial};
}

void TransactionLayer::send_ack(sip::Message ack, const transport::Destination& destination) {
    transport_.send_request(std::move(ack), destination);
}

boost::system::error_code TransactionLayer::respond(ServerTxId tx, sip::Message response) {
    if (tx.shard >= shards_.size())
        return make_error_code(errc::wrong_state);
    if (runtime_.current_shard() == tx.shard)
        return shards_[tx.shard]->respond(tx.serial, std::move(response));
    boost::asio::post(
        runtime_.worker(tx.shard), [this, tx, response = std::move(response)]() mutable {
            if (auto ec = shards_[tx.shard]->respond(tx.serial, std::move(response)))
                spdlog::info("tx.respond_failed shard={} reason={}", tx.shard, ec.message());
        });
    return {};
}

void TransactionLayer::send_stateless(sip::Message response, const RequestSource& to) {
    transport_.send_response(std::move(response), to.protocol, to.connection);
}

std::size_t TransactionLayer::live_transactions() const noexcept {
    std::size_t total = 0;
    for (const auto& shard : shards_)
        total += shard->live();
    return total;
}

}  // namespace sessioncore::transaction
