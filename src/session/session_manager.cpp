#include <sessioncore/session/session_manager.hpp>

#include "manager_core.hpp"

namespace sessioncore::session {

SessionManager::SessionManager(SessionManagerConfig config)
    : core_(std::make_shared<detail::ManagerCore>(std::move(config))) {}

SessionManager::~SessionManager() {
    core_->stop(std::chrono::milliseconds(0));
}

void SessionManager::on_incoming_call(std::function<void(Session)> handler) {
    core_->incoming_handler = std::move(handler);
}

boost::system::error_code SessionManager::start() {
    return core_->start();
}

void SessionManager::stop(std::chrono::milliseconds grace) {
    core_->stop(grace);
}

std::optional<transport::Endpoint> SessionManager::local_endpoint(
    transport::Protocol protocol) const {
    return core_->transport.local_endpoint(protocol);
}

void SessionManager::start_call(std::string target, CallOptions options,
                                std::function<void(boost::system::error_code, Session)> complete) {
    core_->start_call(std::move(target), std::move(options), std::move(complete));
}

boost::asio::any_io_executor SessionManager::executor() const {
    return core_->executor_for(0);
}

EventChannel<Event>& SessionManager::events() noexcept {
    return core_->events;
}

std::uint64_t SessionManager::events_dropped() const noexcept {
    return core_->events.dropped();
}

std::optional<Session> SessionManager::find_session(SessionId id) const {
    if (auto record = core_->find(id))
        return Session{record};
    return std::nullopt;
}

std::optional<Session> SessionManager::find_session_for_dialog(std::string_view call_id,
                                                               std::string_view from_tag,
                                                               std::string_view to_tag) const {
    // Our tag is the From tag of calls we placed and the To tag of calls we received.
    if (auto record = core_->find_by_dialog(call_id, from_tag, to_tag);
        record && record->direction == CallDirection::Outgoing)
        return Session{record};
    if (auto record = core_->find_by_dialog(call_id, to_tag, from_tag);
        record && record->direction == CallDirection::Incoming)
        return Session{record};
    return std::nullopt;
}

std::vector<Session> SessionManager::get_sessions_for_call(std::string_view call_id) const {
    std::vector<Session> sessions;
    for (auto& record : core_->records_for_call(call_id))
        sessions.emplace_back(std::move(record));
    return sessions;
}

boost::system::error_code SessionManager::link_session_to_call(SessionId id, std::string call_id) {
    return core_->link(id, std::move(call_id));
}

std::vector<SessionInfo> SessionManager::list_sessions(const SessionFilter& filter) const {
    std::vector<SessionInfo> found;
    for (const auto& record : core_->all_records()) {
        SessionInfo info;
        {
            std::lock_guard lock(record->info_mutex);
            info = record->info;
        }
        if (filter.state && info.state != *filter.state)
            continue;
        if (filter.direction && info.direction != *filter.direction)
            continue;
        if (!filter.call_id.empty() && info.call_id != filter.call_id &&
            info.linked_call_id != filter.call_id)
            continue;
        found.push_back(std::move(info));
    }
    return found;
}

SessionCounts SessionManager::counts() const {
    return core_->counts();
}

}  // namespace sessioncore::session
