#pragma once
// The transaction user of sc-responder: what it answers (see options.hpp / --help).
// Each shard keeps its own pending INVITEs and calls; handlers run on the Call-ID's shard, so
// nothing here is locked.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <sessioncore/base/runtime.hpp>
#include <sessioncore/sip/validate.hpp>
#include <sessioncore/transaction/message_factory.hpp>
#include <sessioncore/transaction/transaction_layer.hpp>

#include "options.hpp"

namespace sessioncore::responder {

class Responder {
public:
    Responder(Runtime& runtime, const Options& options);
    ~Responder();

    /// The handlers to build the TransactionLayer with; they call back into this object.
    transaction::ServerHandlers handlers();
    /// Must be called once the layer exists, before traffic.
    void attach(transaction::TransactionLayer& layer) { layer_ = &layer; }
    /// From now on new requests get 503 (graceful shutdown); safe from any thread.
    void refuse_new_requests() { refusing_.store(true); }
    /// Stops every timer of this object; call on each shard before the workers stop... or
    /// after they stopped (then from the main thread).
    void cancel_timers();

private:
    struct ShardState;
    void on_request(transaction::ServerTxId tx, const sip::Message& request,
                    const transaction::RequestSource& source);
    void on_invite(transaction::ServerTxId tx, const sip::Message& invite,
                   const transaction::RequestSource& source);
    void on_bye(transaction::ServerTxId tx, const sip::Message& bye);
    void on_ack(const sip::Message& ack);
    void on_cancel(transaction::ServerTxId invite, const sip::Message& cancel);
    void answer_invite(ShardState& shard, std::uint64_t serial);
    void retransmit_ok(ShardState& shard, const std::string& call_id);
    void respond(transaction::ServerTxId tx, const sip::Message& request, std::uint16_t status,
                 std::string_view to_tag = {},
                 std::optional<transaction::ExtraHeader> more = std::nullopt);
    void refuse(transaction::ServerTxId tx, const sip::Message& request,
                const sip::RequestVerdict& verdict);

    Runtime& runtime_;
    Options options_;
    transaction::TransactionLayer* layer_ = nullptr;
    std::atomic<bool> refusing_{false};
    std::vector<std::unique_ptr<ShardState>> shards_;
    std::string contact_;
};

}  // namespace sessioncore::responder
