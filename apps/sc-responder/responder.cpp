#include "responder.hpp"

#include <array>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sessioncore/sip/validate.hpp>
#include <sessioncore/transaction/message_factory.hpp>

namespace sessioncore::responder {

using transaction::ServerTxId;

namespace {

constexpr std::array<sip::Method, 5> allowed_methods = {sip::Method::Invite, sip::Method::Ack,
                                                        sip::Method::Bye, sip::Method::Cancel,
                                                        sip::Method::Options};
constexpr std::string_view allow_value = "INVITE, ACK, BYE, CANCEL, OPTIONS";

std::string to_tag_of(const sip::Message& message) {
    auto to = message.to();
    if (!to)
        return {};
    auto tag = to->tag();
    return tag ? std::string(*tag) : std::string{};
}

}  // namespace

/// An INVITE waiting for --invite-delay, or a 2xx waiting for its ACK (RFC 3261 §13.3.1.4:
/// the UAS core retransmits the 2xx, T1 doubling up to T2, until the ACK or 64·T1).
struct PendingInvite {
    ServerTxId tx;
    sip::Message invite;
    std::unique_ptr<boost::asio::steady_timer> timer;
};
struct Call {
    ServerTxId invite_tx;
    std::string to_tag;
    std::optional<sip::Message> ok;  // while unacknowledged
    bool reliable = false;
    std::unique_ptr<boost::asio::steady_timer> timer;
    Duration interval{};
    TimePoint give_up{};
};

struct Responder::ShardState {
    explicit ShardState(boost::asio::io_context& context) : io(context) {}
    boost::asio::io_context& io;
    std::unordered_map<std::uint64_t, PendingInvite> pending;  // by server tx serial
    std::unordered_map<std::string, Call> calls;               // by Call-ID
};

Responder::Responder(Runtime& runtime, const Options& options)
    : runtime_(runtime), options_(options) {
    for (ShardIndex i = 0; i < runtime.workers(); ++i)
        shards_.push_back(std::make_unique<ShardState>(runtime.worker(i)));
    contact_ = "<sip:responder@" + options.bind.host_for_uri() + ":" +
               std::to_string(options.bind.port) + ">";
}

Responder::~Responder() = default;

transaction::ServerHandlers Responder::handlers() {
    return {
        .on_request =
            [this](ServerTxId tx, const sip::Message& request,
                   const transaction::RequestSource& source) { on_request(tx, request, source); },
        .on_ack = [this](const sip::Message& ack,
                         const transaction::RequestSource&) { on_ack(ack); },
        .on_cancel = [this](ServerTxId invite,
                            const sip::Message& cancel) { on_cancel(invite, cancel); },
        .on_failure = {},
        .on_stray_response = {},
    };
}

void Responder::cancel_timers() {
    for (auto& shard : shards_) {
        shard->pending.clear();
        shard->calls.clear();
    }
}

void Responder::respond(ServerTxId tx, const sip::Message& request, std::uint16_t status,
                        std::string_view to_tag, std::optional<transaction::ExtraHeader> more) {
    std::array<transaction::ExtraHeader, 3> extra{{{"Allow", allow_value}}};
    std::size_t count = 1;
    if (request.method() == sip::Method::Invite && status < 300)
        extra[count++] = {"Contact", contact_};
    if (more)
        extra[count++] = *more;
    auto response = transaction::make_response(
        request, status, {.to_tag = to_tag, .headers = std::span(extra.data(), count)});
    if (response)
        (void)layer_->respond(tx, std::move(*response));
}

void Responder::on_request(ServerTxId tx, const sip::Message& request,
                           const transaction::RequestSource& source) {
    if (refusing_.load(std::memory_order_relaxed))
        return respond(tx, request, 503);
    // RFC 3261 §8.2: what we do not support is answered before anything else.
    sip::RequestPolicy policy;
    policy.methods = allowed_methods;
    // The one body type a UAS that supports INVITE must read (RFC 3261 §13.2.1, §8.2.3): any
    // other gets 415 (RFC 4475 invut), an INVITE whose Accept excludes it 406 (sdp01).
    static constexpr std::array<std::string_view, 1> body_types = {"application/sdp"};
    policy.body_types = body_types;
    if (auto verdict = sip::check_request(request, policy); verdict.status != 0)
        return refuse(tx, request, verdict);
    switch (request.method()) {
        case sip::Method::Invite:
            return on_invite(tx, request, source);
        case sip::Method::Bye:
            return on_bye(tx, request);
        default:
            return respond(tx, request, 200);  // OPTIONS (RFC 3261 §11.2)
    }
}

// The answers of RFC 3261 §8.2.2.3 and §8.2.3 say what we lack or accept.
void Responder::refuse(ServerTxId tx, const sip::Message& request,
                       const sip::RequestVerdict& verdict) {
    if (verdict.status == 420) {
        std::string tags;
        for (std::string_view tag : verdict.unsupported)
            tags += (tags.empty() ? "" : ", ") + std::string(tag);
        return respond(tx, request, 420, {}, transaction::ExtraHeader{"Unsupported", tags});
    }
    if (verdict.status == 415)
        return respond(tx, request, 415, {}, transaction::ExtraHeader{"Accept", "application/sdp"});
    respond(tx, request, verdict.status);
}

void Responder::on_invite(ServerTxId tx, const sip::Message& invite,
                          const transaction::RequestSource& source) {
    ShardState& shard = *shards_[tx.shard];
    if (options_.invite_delay.count() == 0) {
        PendingInvite now{tx, invite.clone(), nullptr};
        shard.pending.emplace(tx.serial, std::move(now));
        return answer_invite(shard, tx.serial);
    }
    auto timer = std::make_unique<boost::asio::steady_timer>(shard.io, options_.invite_delay);
    timer->async_wait([this, &shard, serial = tx.serial](const boost::system::error_code& ec) {
        if (!ec)
            answer_invite(shard, serial);
    });
    shard.pending.emplace(tx.serial, PendingInvite{tx, invite.clone(), std::move(timer)});
    (void)source;
}

void Responder::answer_invite(ShardState& shard, std::uint64_t serial) {
    auto found = shard.pending.find(serial);
    if (found == shard.pending.end())
        return;
    PendingInvite invite = std::move(found->second);
    shard.pending.erase(found);
    const std::string to_tag = transaction::make_tag();
    respond(invite.tx, invite.invite, options_.invite_status, to_tag);
    if (options_.invite_status >= 300)
        return;
    // A 2xx makes a dialog (RFC 3261 §12.1.1); keep the 2xx to retransmit until the ACK.
    auto call_id = invite.invite.call_id();
    if (!call_id)
        return;
    std::array<transaction::ExtraHeader, 2> extra{{{"Allow", allow_value}, {"Contact", contact_}}};
    auto ok = transaction::make_response(invite.invite, options_.invite_status,
                                         {.to_tag = to_tag, .headers = extra});
    Call call{invite.tx, to_tag, std::nullopt, false, nullptr};
    if (ok && invite.invite.top_via() && invite.invite.top_via()->transport == "UDP") {
        call.ok = std::move(*ok);
        call.timer = std::make_unique<boost::asio::steady_timer>(shard.io);
        call.interval = options_.t1;
        call.give_up = std::chrono::steady_clock::now() + 64 * options_.t1;
    }
    auto [it, inserted] = shard.calls.insert_or_assign(std::string(*call_id), std::move(call));
    if (it->second.timer)
        retransmit_ok(shard, it->first);
}

void Responder::retransmit_ok(ShardState& shard, const std::string& call_id) {
    auto found = shard.calls.find(call_id);
    if (found == shard.calls.end() || !found->second.ok)
        return;
    Call& call = found->second;
    call.timer->expires_after(call.interval);
    call.timer->async_wait([this, &shard, call_id](const boost::system::error_code& ec) {
        if (ec)
            return;
        auto it = shard.calls.find(call_id);
        if (it == shard.calls.end() || !it->second.ok)
            return;
        Call& c = it->second;
        if (std::chrono::steady_clock::now() >= c.give_up) {
            std::cerr << "sc-responder: no ACK for the 2xx of call " << call_id << "\n";
            shard.calls.erase(it);  // RFC 3261 §13.3.1.4 would send BYE; a responder just ends
            return;
        }
        (void)layer_->respond(c.invite_tx, c.ok->clone());
        c.interval = std::min<Duration>(2 * c.interval,
                                        std::max<Duration>(options_.t1, std::chrono::seconds(4)));
        retransmit_ok(shard, call_id);
    });
}

void Responder::on_ack(const sip::Message& ack) {
    auto call_id = ack.call_id();
    if (!call_id)
        return;
    ShardState& shard = *shards_[runtime_.shard_for(*call_id)];
    auto found = shard.calls.find(std::string(*call_id));
    if (found == shard.calls.end() || found->second.to_tag != to_tag_of(ack))
        return;
    found->second.ok.reset();  // acknowledged: stop retransmitting
    found->second.timer.reset();
}

void Responder::on_bye(ServerTxId tx, const sip::Message& bye) {
    ShardState& shard = *shards_[tx.shard];
    auto call_id = bye.call_id();
    auto found = call_id ? shard.calls.find(std::string(*call_id)) : shard.calls.end();
    if (found == shard.calls.end() || found->second.to_tag != to_tag_of(bye))
        return respond(tx, bye, 481);  // RFC 3261 §15.1.2
    shard.calls.erase(found);
    respond(tx, bye, 200);
}

void Responder::on_cancel(ServerTxId invite, const sip::Message& cancel) {
    ShardState& shard = *shards_[invite.shard];
    auto found = shard.pending.find(invite.serial);
    if (found == shard.pending.end())
        return;  // already answered
    PendingInvite pending = std::move(found->second);
    shard.pending.erase(found);
    respond(pending.tx, pending.invite, 487);  // RFC 3261 §9.2
    (void)cancel;
}

}  // namespace sessioncore::responder
