#include "manager_core.hpp"

#include <algorithm>
#include <future>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <sessioncore/session/error.hpp>
#include <sessioncore/sip/uri.hpp>

namespace sessioncore::session::detail {

namespace {

transaction::TransactionLayerOptions layer_options(const SessionManagerConfig& config) {
    transaction::TransactionLayerOptions options;
    options.timers = config.timers;
    return options;
}

}  // namespace

SessionRecord::SessionRecord(SessionId session_id, ShardIndex owner, CallDirection call_direction,
                             std::weak_ptr<ManagerCore> owner_manager)
    : id(session_id), shard(owner), direction(call_direction), manager(std::move(owner_manager)) {}

SessionRecord::~SessionRecord() = default;

ManagerCore::ManagerCore(SessionManagerConfig cfg)
    : config(std::move(cfg)),
      runtime(RuntimeOptions{config.workers}),
      transport(runtime, clock, config.transport),
      events(EventChannelOptions{config.event_capacity, OverflowPolicy::DropNewest, {}}),
      rtp_ports(media::RtpPortRange{config.rtp_port_min, config.rtp_port_max}) {
    if (config.listen.empty()) {
        transport::ListenSpec udp;
        udp.address = *transport::Endpoint::from_ip("127.0.0.1", 5060);
        config.listen.push_back(udp);
    }
    for (ShardIndex i = 0; i < runtime.workers(); ++i)
        shards.push_back(std::make_unique<Shard>(runtime.worker(i)));
    transaction::ServerHandlers handlers;
    handlers.on_request = [this](transaction::ServerTxId tx, const sip::Message& request,
                                 const transaction::RequestSource& source) {
        on_request(tx, request, source);
    };
    handlers.on_ack = [this](const sip::Message& ack, const transaction::RequestSource&) {
        on_ack(ack);
    };
    handlers.on_cancel = [this](transaction::ServerTxId invite, const sip::Message&) {
        on_cancel(invite);
    };
    handlers.on_failure = {};
    handlers.on_stray_response = [this](const sip::Message& response) {
        on_stray_response(response);
    };
    transactions = std::make_unique<transaction::TransactionLayer>(
        runtime, transport, clock, std::move(handlers), layer_options(config));
}

ManagerCore::~ManagerCore() {
    // stop() ran (SessionManager's destructor); the workers are joined, so the shards' timers
    // and resolvers go on this thread while no io_context runs.
    transport.close();
    runtime.stop();
    shards.clear();
    transactions.reset();
}

boost::system::error_code ManagerCore::start() {
    if (running_.load())
        return {};
    for (const auto& spec : config.listen) {
        auto bound = transport.listen(spec);
        if (!bound)
            return bound.error();
    }
    for (auto protocol :
         {transport::Protocol::Udp, transport::Protocol::Tcp, transport::Protocol::Tls})
        contact_headers_[static_cast<std::size_t>(protocol)] = "<" + contact_for(protocol) + ">";
    runtime.start();
    running_.store(true);
    return {};
}

void ManagerCore::stop(std::chrono::milliseconds grace) {
    if (!running_.exchange(false))
        return;
    for (const auto& record : all_records())
        post_to(record, [this](SessionRecord& r, CallLeg& leg) {
            hangup(r, leg, TerminationReason::Shutdown);
        });
    // Let BYE/CANCEL/final responses go out and their transactions finish, within the grace.
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline &&
           (counts().sessions != 0 || transactions->live_transactions() != 0))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    transport.stop_accepting();
    transport.close();
    runtime.stop();
    // The workers are joined: their outboxes may still hold events whose flush never ran.
    for (auto& shard : shards)
        events.try_push_all(shard->outbox);
    // Whatever did not end in the grace ends now, on this thread (the workers are joined).
    for (const auto& record : all_records())
        if (record->leg)
            finish(*record, Termination{TerminationReason::Shutdown, 0, "shutdown"});
    events.close();
}

boost::asio::any_io_executor ManagerCore::executor_for(ShardIndex shard) {
    return runtime.worker(shard).get_executor();
}

RecordPtr ManagerCore::create_record(ShardIndex shard, CallDirection direction, std::string call_id,
                                     std::string local_tag) {
    const SessionId id{next_id_.fetch_add(1)};
    auto record = std::make_shared<SessionRecord>(id, shard, direction, weak_from_this());
    record->leg = std::make_unique<CallLeg>(runtime.worker(shard), config.timers);
    record->info.id = id;
    record->info.direction = direction;
    record->info.call_id = call_id;
    record->info.local_tag = local_tag;
    record->leg->call_id = std::move(call_id);
    record->leg->local_tag = std::move(local_tag);
    record->info.created_at = std::chrono::system_clock::now();
    Shard& owner = *shards[shard];
    {
        std::lock_guard lock(owner.mutex);
        owner.sessions.emplace(id.value, record);
        owner.by_local_tag.emplace(LocalTagKey{record->leg->call_id, record->leg->local_tag}, id);
    }
    live_sessions_.fetch_add(1);
    return record;
}

void ManagerCore::index_server_tx(const SessionRecord& record, transaction::ServerTxId tx) {
    Shard& owner = *shards[record.shard];
    std::lock_guard lock(owner.mutex);
    owner.by_server_tx[tx.serial] = record.id;
}

void ManagerCore::emit(Event event) {
    const ShardIndex current = runtime.current_shard();
    if (current >= shards.size()) {
        events.try_push(std::move(event));  // not on a worker (stop(), after the join)
        return;
    }
    Shard& shard = *shards[current];
    shard.outbox.push_back(std::move(event));
    if (shard.flush_posted)
        return;
    shard.flush_posted = true;
    // Posted from its own thread: no wake-up, it runs once the current handler returns.
    boost::asio::post(shard.context, [this] { flush_events(); });
}

void ManagerCore::flush_events() {
    const ShardIndex current = runtime.current_shard();
    if (current >= shards.size())
        return;
    Shard& shard = *shards[current];
    shard.flush_posted = false;
    if (!shard.outbox.empty())
        events.try_push_all(shard.outbox);
}

void ManagerCore::set_state(SessionRecord& record, CallState state) {
    const CallState old = record.state.load();
    if (old == state)
        return;
    const auto now = std::chrono::system_clock::now();
    record.state.store(state);
    update_info(record, [&](SessionInfo& info) {
        info.state = state;
        if (state == CallState::Connected && info.connected_at == EventTime{})
            info.connected_at = now;
    });
    emit(StateChanged{record.id, now, old, state});
    // finish() completes the waits after CallTerminated, so that a waiter sees every event.
    if (!record.leg || state == CallState::Terminated)
        return;
    auto& waits = record.leg->waits;
    if (!waits.empty())
        flush_events();
    for (auto it = waits.begin(); it != waits.end();) {
        if (it->state == state) {
            it->complete({});
            it = waits.erase(it);
        } else {
            ++it;
        }
    }
}

void ManagerCore::wait_for(SessionRecord& record, CallState state,
                           std::function<void(boost::system::error_code)> complete) {
    const CallState now = record.state.load();
    flush_events();  // the events up to `now` are in the channel before the waiter runs
    if (now == state)
        return complete({});
    if (now == CallState::Terminated || !record.leg)
        return complete(errc::terminated);
    record.leg->waits.push_back(StateWait{state, std::move(complete)});
}

void ManagerCore::count_dialogs(CallLeg& leg) {
    std::size_t held = leg.dialog ? 1 : 0;
    if (leg.forks)
        held += leg.forks->early_tags().size();
    if (held > leg.counted_dialogs)
        live_dialogs_.fetch_add(held - leg.counted_dialogs);
    else
        live_dialogs_.fetch_sub(leg.counted_dialogs - held);
    leg.counted_dialogs = held;
}

void ManagerCore::finish(SessionRecord& record, Termination termination) {
    if (!record.leg)
        return;
    const auto now = std::chrono::system_clock::now();
    CallLeg& leg = *record.leg;
    stop_media(record, leg, "call ended");
    leg.forks.reset();
    leg.dialog.reset();
    count_dialogs(leg);
    update_info(record, [&](SessionInfo& info) {
        info.termination = termination;
        info.ended_at = now;
    });
    set_state(record, CallState::Terminated);
    emit(
        CallTerminated{record.id, now, termination.reason, termination.status, termination.phrase});
    if (!leg.waits.empty())
        flush_events();
    for (auto& wait : leg.waits)
        wait.complete(wait.state == CallState::Terminated ? boost::system::error_code{}
                                                          : make_error_code(errc::terminated));
    leg.waits.clear();
    end_reinvite(leg, errc::terminated);
    {
        Shard& owner = *shards[record.shard];
        std::lock_guard lock(owner.mutex);
        owner.by_local_tag.erase(LocalTagKey{leg.call_id, leg.local_tag});
        if (record.direction == CallDirection::Incoming)
            owner.by_server_tx.erase(leg.server_tx.serial);
        owner.sessions.erase(record.id.value);
    }
    {
        std::lock_guard lock(links_mutex_);
        std::erase_if(links_, [&](const auto& link) { return link.second == record.id; });
    }
    auto released = std::move(record.leg);  // cancels the timer; its handler sees no leg
    live_sessions_.fetch_sub(1);
}

void ManagerCore::post_to(const RecordPtr& record,
                          std::function<void(SessionRecord&, CallLeg&)> work) {
    runtime.post(record->shard, [record, work = std::move(work)] {
        if (record->leg)
            work(*record, *record->leg);
    });
}

RecordPtr ManagerCore::record_on_shard(ShardIndex shard, SessionId id) const {
    const Shard& owner = *shards[shard];
    std::lock_guard lock(owner.mutex);
    auto it = owner.sessions.find(id.value);
    return it == owner.sessions.end() ? nullptr : it->second;
}

RecordPtr ManagerCore::find(SessionId id) const {
    for (ShardIndex i = 0; i < shards.size(); ++i)
        if (auto record = record_on_shard(i, id))
            return record;
    return nullptr;
}

RecordPtr ManagerCore::find_by_dialog(std::string_view call_id, std::string_view local_tag,
                                      std::string_view remote_tag) const {
    const Shard& owner = *shards[runtime.shard_for(call_id)];
    std::lock_guard lock(owner.mutex);
    auto id = owner.by_local_tag.find(LocalTagKey{call_id, local_tag});
    if (id == owner.by_local_tag.end())
        return nullptr;
    auto record = owner.sessions.at(id->second.value);
    if (!remote_tag.empty()) {
        std::lock_guard info_lock(record->info_mutex);
        if (!record->info.remote_tag.empty() && record->info.remote_tag != remote_tag)
            return nullptr;
    }
    return record;
}

std::vector<RecordPtr> ManagerCore::records_for_call(std::string_view call_id) const {
    std::vector<RecordPtr> found;
    {
        const Shard& owner = *shards[runtime.shard_for(call_id)];
        std::lock_guard lock(owner.mutex);
        for (const auto& [value, record] : owner.sessions)
            if (record->leg && record->leg->call_id == call_id)
                found.push_back(record);
    }
    std::vector<SessionId> linked;
    {
        std::lock_guard lock(links_mutex_);
        auto [first, last] = links_.equal_range(std::string(call_id));
        for (auto it = first; it != last; ++it)
            linked.push_back(it->second);
    }
    for (SessionId id : linked)
        if (auto record = find(id);
            record && std::find(found.begin(), found.end(), record) == found.end())
            found.push_back(record);
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a->id < b->id; });
    return found;
}

boost::system::error_code ManagerCore::link(SessionId id, std::string call_id) {
    auto record = find(id);
    if (!record)
        return errc::no_such_session;
    update_info(*record, [&](SessionInfo& info) { info.linked_call_id = call_id; });
    std::lock_guard lock(links_mutex_);
    links_.emplace(std::move(call_id), id);
    return {};
}

std::vector<RecordPtr> ManagerCore::all_records() const {
    std::vector<RecordPtr> all;
    for (const auto& shard : shards) {
        std::lock_guard lock(shard->mutex);
        for (const auto& [value, record] : shard->sessions)
            all.push_back(record);
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
    return all;
}

SessionCounts ManagerCore::counts() const {
    SessionCounts counts;
    counts.sessions = live_sessions_.load();
    counts.dialogs = live_dialogs_.load();
    counts.transactions = transactions->live_transactions();
    return counts;
}

Shard& ManagerCore::shard_of(std::string_view call_id) {
    return *shards[runtime.shard_for(call_id)];
}

std::string ManagerCore::local_address() const {
    return config.listen.front().address.host_for_uri();
}

std::string ManagerCore::contact_for(transport::Protocol protocol) const {
    auto bound = transport.local_endpoint(protocol);
    if (!bound)
        bound = transport.local_endpoint(config.listen.front().protocol);
    std::string contact =
        "sip:" + config.user + "@" + bound->host_for_uri() + ":" + std::to_string(bound->port);
    if (protocol == transport::Protocol::Tcp)
        contact += ";transport=tcp";
    else if (protocol == transport::Protocol::Tls)
        contact += ";transport=tls";
    return contact;
}

std::uint16_t ManagerCore::allocate_rtp_port() {
    // Even ports in [min, max], handed out in turn. Nothing binds them yet (media: issue 7); the
    // offer names a port the media engine will own.
    const std::uint32_t span = (config.rtp_port_max - config.rtp_port_min) / 2 + 1;
    const std::uint32_t step = next_rtp_port_.fetch_add(1) % span;
    return static_cast<std::uint16_t>(config.rtp_port_min + 2 * step);
}

void ManagerCore::resolve_uri(
    Shard& shard, std::string_view uri_text, std::optional<transport::Protocol> fallback,
    std::function<void(boost::system::result<transport::Destination>)> done) {
    auto uri = sip::parse_uri(uri_text);
    if (!uri || (uri->scheme != sip::UriScheme::Sip && uri->scheme != sip::UriScheme::Sips)) {
        boost::asio::post(shard.context, [done = std::move(done)] { done(errc::bad_target); });
        return;
    }
    transport::ResolveTarget target;
    target.scheme =
        uri->scheme == sip::UriScheme::Sips ? transport::Scheme::Sips : transport::Scheme::Sip;
    target.host = std::string(uri->host);
    if (uri->host_kind == sip::HostKind::Ipv6)
        target.host = "[" + target.host + "]";
    target.port = uri->port;
    if (auto t = uri->param("transport")) {
        target.transport = transport::protocol_from_via_token(*t);
        if (!target.transport) {  // sctp, ws ...: not run here
            boost::asio::post(shard.context, [done = std::move(done)] { done(errc::bad_target); });
            return;
        }
    } else {
        target.transport = fallback;
    }
    shard.resolver.resolve(target, [done = std::move(done)](auto result) {
        if (!result)
            return done(errc::resolve_failed);
        done(result->front());
    });
}

}  // namespace sessioncore::session::detail
