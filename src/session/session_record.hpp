#pragma once
// The state of one session. Two parts with two owners:
//  - the snapshot (state, info) is read from any thread: state atomically, info under a small
//    mutex that only the session's shard writes;
//  - `leg` is touched only on the session's shard (DESIGN.md "Runtime model").
// Handles (Session) keep the record alive; the manager's directory drops it when the session
// ends, and the leg (dialog, timers, messages) is released then, so a held handle costs little.

#include <atomic>
#include <memory>
#include <mutex>

#include <sessioncore/base/runtime.hpp>
#include <sessioncore/session/session.hpp>

namespace sessioncore::session::detail {

class ManagerCore;
struct CallLeg;

struct SessionRecord {
    SessionRecord(SessionId session_id, ShardIndex owner, CallDirection call_direction,
                  std::weak_ptr<ManagerCore> owner_manager);
    ~SessionRecord();

    const SessionId id;
    const ShardIndex shard;
    const CallDirection direction;
    const std::weak_ptr<ManagerCore> manager;

    std::atomic<CallState> state{CallState::Initializing};

    mutable std::mutex info_mutex;
    SessionInfo info;  // guarded by info_mutex

    std::unique_ptr<CallLeg> leg;  // shard only; null once the session has ended
};

}  // namespace sessioncore::session::detail
