#pragma once
// Helpers of the TransactionLayer loopback tests: a "client" and a "server" peer, each a
// TransportLayer + TransactionLayer, on one running 2-worker Runtime over 127.0.0.1 port 0.
// Every handler records what it saw and whether it ran on the Call-ID's shard; the test thread
// waits on a condition with a deadline. Timers are short (T1 = 10 ms, so 64·T1 = 640 ms).

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/transaction/error.hpp>
#include <sessioncore/transaction/message_factory.hpp>
#include <sessioncore/transaction/transaction_layer.hpp>

#include "transport/loopback_support.hpp"

namespace sessioncore::transaction::test {

using namespace std::chrono_literals;
using transport::Protocol;
using transport::test::loopback;
using transport::test::RawSocket;

/// The short timers of these tests; trying_delay stays long so a 100 Trying shows only where
/// a test waits for it.
inline TransactionLayerOptions short_timers() {
    return {.timers = {.t1 = 10ms, .t2 = 40ms, .t4 = 50ms, .timer_d = 100ms}};
}

/// A request as a UA sends it. The transport rewrites the Via sent-by; the branch is fresh.
struct RequestSpec {
    std::string_view method = "OPTIONS";
    std::string call_id;
    Protocol protocol = Protocol::Udp;
    std::string branch = make_branch();
    std::uint32_t cseq = 1;
    std::string_view cseq_method{};  ///< empty: the method
    std::string_view from_tag = "a1";
    std::string_view to_tag{};  ///< empty: none (outside a dialog)
};

inline sip::Message make_request(const RequestSpec& spec) {
    std::string text = std::string(spec.method) + " sip:bob@127.0.0.1 SIP/2.0\r\n";
    text += "Via: SIP/2.0/" + std::string(transport::via_token(spec.protocol)) +
            " 127.0.0.1:9;branch=" + spec.branch + ";rport\r\n";
    text += "Max-Forwards: 70\r\nTo: <sip:bob@127.0.0.1>";
    if (!spec.to_tag.empty())
        text += ";tag=" + std::string(spec.to_tag);
    text += "\r\nFrom: <sip:alice@127.0.0.1>;tag=" + std::string(spec.from_tag) + "\r\n";
    text += "Call-ID: " + spec.call_id + "\r\n";
    text += "CSeq: " + std::to_string(spec.cseq) + " " +
            std::string(spec.cseq_method.empty() ? spec.method : spec.cseq_method) + "\r\n";
    text += "Contact: <sip:alice@127.0.0.1>\r\nContent-Length: 0\r\n\r\n";
    auto message = sip::parse(text);
    EXPECT_TRUE(message) << message.error().message();
    return message ? std::move(*message) : sip::Message{};
}

/// The Call-ID of a message the transport validated ("" when absent).
inline std::string call_id_of(const sip::Message& message) {
    auto id = message.call_id();
    return id ? std::string(*id) : std::string();
}

/// What a client handler saw.
struct ClientSeen {
    std::string label;
    ClientEvent event;
};

/// What a server's TU saw.
struct ServerSeen {
    enum class Kind { Request, Ack, Cancel, Failure, Stray } kind;
    std::string method;
    std::string call_id;
    ServerTxId tx{};
    bool transport_failed = false;  ///< Failure: TransportFailed (else TimedOut)
};

/// Everything the handlers of one peer recorded, guarded for the test thread.
class Recorder {
public:
    /// Counts a handler call and whether it ran on the shard of `call_id`.
    void on_shard(const Runtime& runtime, std::string_view call_id) {
        const bool right = runtime.current_shard() == runtime.shard_for(call_id);
        std::lock_guard lock(mutex_);
        ++handler_calls_;
        wrong_shard_ += right ? 0 : 1;
    }
    void add(ServerSeen seen) {
        std::lock_guard lock(mutex_);
        server_.push_back(std::move(seen));
        changed_.notify_all();
    }
    void add(ClientSeen seen) {
        std::lock_guard lock(mutex_);
        client_.push_back(std::move(seen));
        changed_.notify_all();
    }
    /// Waits (bounded) until `done()` holds; `done` runs under the lock, with this recorder.
    template <class Pred>
    bool wait(Pred done, std::chrono::milliseconds limit = 5s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return done(*this); });
    }
    /// Runs `read(*this)` under the lock (for checks once the handlers are quiet).
    template <class Read>
    auto with(Read read) {
        std::lock_guard lock(mutex_);
        return read(std::as_const(*this));
    }
    /// Polls `done()` (not under the lock), woken early by any handler call.
    template <class Pred>
    bool poll(Pred done, std::chrono::milliseconds limit = 5s) {
        const auto end = std::chrono::steady_clock::now() + limit;
        std::unique_lock lock(mutex_);
        while (!done()) {
            if (std::chrono::steady_clock::now() > end)
                return false;
            changed_.wait_for(lock, 2ms);
        }
        return true;
    }

    // Readers: call them inside wait() or with().
    std::size_t count(ServerSeen::Kind kind, std::string_view method = {}) const {
        std::size_t n = 0;
        for (const auto& s : server_)
            n += s.kind == kind && (method.empty() || s.method == method) ? 1 : 0;
        return n;
    }
    /// Status codes of the responses a client label received, in order.
    std::vector<std::uint16_t> statuses(std::string_view label) const {
        std::vector<std::uint16_t> out;
        for (const auto& c : client_) {
            if (const auto* r = std::get_if<ResponseReceived>(&c.event); r && c.label == label)
                out.push_back(r->response.status_code());
        }
        return out;
    }
    /// A copy of the first event of `label` that is an E.
    template <class E>
    std::optional<E> first(std::string_view label) const {
        for (const auto& c : client_) {
            if (const auto* e = std::get_if<E>(&c.event); e && c.label == label)
                return copy(*e);
        }
        return std::nullopt;
    }
    std::size_t events(std::string_view label) const {
        std::size_t n = 0;
        for (const auto& c : client_)
            n += c.label == label ? 1 : 0;
        return n;
    }
    std::optional<ServerSeen> first_server(ServerSeen::Kind kind) const {
        for (const auto& s : server_)
            if (s.kind == kind)
                return s;
        return std::nullopt;
    }
    const std::vector<ServerSeen>& server_seen() const { return server_; }
    std::size_t wrong_shard() const { return wrong_shard_; }
    std::size_t handler_calls() const { return handler_calls_; }

private:
    static ResponseReceived copy(const ResponseReceived& r) { return {r.response.clone()}; }
    template <class E>
    static E copy(const E& e) {
        return e;
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<ServerSeen> server_;
    std::vector<ClientSeen> client_;
    std::size_t handler_calls_ = 0, wrong_shard_ = 0;
};

/// The final statuses (200-699) among `statuses`.
inline std::vector<std::uint16_t> finals(std::vector<std::uint16_t> statuses) {
    std::erase_if(statuses, [](std::uint16_t s) { return s < 200; });
    return statuses;
}

/// A wait() predicate: the client label has received a final response.
inline auto has_final(std::string_view label) {
    return [label](const Recorder& r) { return !finals(r.statuses(label)).empty(); };
}

/// One side: transport + transaction layer + a TU that records and answers by `answer`.
class Peer {
public:
    /// The TU's policy for a new request (default: 200 at once, on the shard).
    using Answer = std::function<void(Peer&, ServerTxId, const sip::Message&)>;

    Peer(Runtime& runtime, const Clock& clock) : runtime_(runtime), transport_(runtime, clock) {
        layer_ = std::make_unique<TransactionLayer>(runtime, transport_, clock, handlers(),
                                                    short_timers());
    }

    TransactionLayer& layer() { return *layer_; }
    transport::TransportLayer& transport() { return transport_; }
    Recorder& seen() { return seen_; }
    void set_answer(Answer answer) { answer_ = std::move(answer); }

    /// A handler for one client transaction; its events are recorded under `label`.
    ClientHandler client(std::string label, std::string call_id) {
        return [this, label = std::move(label), call_id = std::move(call_id)](ClientEvent&& e) {
            seen_.on_shard(runtime_, call_id);
            seen_.add(ClientSeen{label, std::move(e)});
        };
    }
    /// Answers `tx` (whose request the TU kept) with `status`. Safe from any thread.
    boost::system::error_code respond(ServerTxId tx, std::uint16_t status) {
        std::optional<sip::Message> request;
        {
            std::lock_guard lock(requests_mutex_);
            auto found = requests_.find({tx.shard, tx.serial});
            if (found == requests_.end())
                return make_error_code(errc::wrong_state);
            request = found->second.clone();
        }
        auto response = make_response(*request, status, {.to_tag = "srv1"});
        if (!response)
            return make_error_code(errc::wrong_kind);
        return layer_->respond(tx, std::move(*response));
    }

private:
    ServerHandlers handlers() {
        ServerHandlers h;
        h.on_request = [this](ServerTxId tx, const sip::Message& request, const RequestSource&) {
            const std::string call_id = call_id_of(request);
            seen_.on_shard(runtime_, call_id);
            const std::string method(request.method_name());
            {
                std::lock_guard lock(requests_mutex_);
                requests_.insert_or_assign({tx.shard, tx.serial}, request.clone());
            }
            seen_.add(ServerSeen{ServerSeen::Kind::Request, method, call_id, tx});
            if (answer_)
                answer_(*this, tx, request);
            else
                (void)respond(tx, 200);
            // The request stays valid for the whole call, even when the answer ended the
            // transaction (TCP: no Timer J); ASan sees a read of freed bytes here.
            EXPECT_EQ(call_id_of(request), call_id);
        };
        h.on_ack = [this](const sip::Message& ack, const RequestSource&) {
            record(ServerSeen::Kind::Ack, ack, {});
        };
        h.on_cancel = [this](ServerTxId invite, const sip::Message& cancel) {
            record(ServerSeen::Kind::Cancel, cancel, invite);
            (void)respond(invite, 487);  // §9.2: the TU ends the cancelled INVITE
        };
        h.on_failure = [this](ServerTxId tx, const std::variant<TimedOut, TransportFailed>& why) {
            seen_.add(ServerSeen{ServerSeen::Kind::Failure,
                                 {},
                                 {},
                                 tx,
                                 std::holds_alternative<TransportFailed>(why)});
        };
        h.on_stray_response = [this](const sip::Message& response) {
            record(ServerSeen::Kind::Stray, response, {});
        };
        return h;
    }
    void record(ServerSeen::Kind kind, const sip::Message& message, ServerTxId tx) {
        const std::string call_id = call_id_of(message);
        seen_.on_shard(runtime_, call_id);
        auto cseq = message.cseq();
        seen_.add(ServerSeen{kind, cseq ? std::string(cseq->method_name) : "", call_id, tx});
    }

    Runtime& runtime_;
    transport::TransportLayer transport_;
    std::unique_ptr<TransactionLayer> layer_;
    Recorder seen_;
    Answer answer_;
    std::mutex requests_mutex_;
    std::map<std::pair<ShardIndex, std::uint64_t>, sip::Message> requests_;
};

/// A client and a server on one running Runtime. The destructor closes both transports (while
/// the workers run, so close() does not wait) and stops the workers before the layers go, as
/// ~TransactionLayer requires.
class LoopbackPair {
public:
    explicit LoopbackPair(Protocol protocol) : protocol_(protocol) {}
    ~LoopbackPair() {
        client.transport().close();
        server.transport().close();
        runtime.stop();
    }

    /// Listens on `protocol` on both sides (the client needs a listener for its Via) and
    /// starts the workers. Call after set_answer().
    void start() {
        ASSERT_TRUE(client.transport().listen({protocol_, loopback()}));
        ASSERT_TRUE(server.transport().listen({protocol_, loopback()}));
        runtime.start();
    }
    transport::Destination server_address() {
        return {protocol_, *server.transport().local_endpoint(protocol_)};
    }
    /// Waits (bounded) until neither side has a live transaction.
    bool drained(std::chrono::milliseconds limit = 5s) {
        return client.seen().poll(
            [&] {
                return client.layer().live_transactions() == 0 &&
                       server.layer().live_transactions() == 0;
            },
            limit);
    }
    std::size_t wrong_shard() {
        auto wrong = [](const Recorder& r) { return r.wrong_shard(); };
        return client.seen().with(wrong) + server.seen().with(wrong);
    }

    Runtime runtime{{.workers = 2}};
    SteadyClock clock;
    Peer client{runtime, clock};
    Peer server{runtime, clock};

private:
    Protocol protocol_;
};

inline std::string protocol_name(const ::testing::TestParamInfo<Protocol>& info) {
    return std::string(transport::via_token(info.param));
}

}  // namespace sessioncore::transaction::test
