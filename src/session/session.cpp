#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <sessioncore/session/error.hpp>
#include <sessioncore/session/session.hpp>

#include "manager_core.hpp"

namespace sessioncore::session {

using detail::CallLeg;
using detail::SessionRecord;

namespace {

/// Runs `work` on the session's shard while both the session and its manager live. The posted
/// work holds the manager by plain pointer: it runs only on the manager's own workers, which
/// stop before the manager goes (a shared_ptr there would keep the manager alive from inside
/// its own io_context queue). A template posting straight to the worker: wrapping `work` in
/// std::function on the way (here, in post_to and in Runtime::post) cost three allocations per
/// call of answer(), ringing() ...
template <class Work>
void on_shard(const std::shared_ptr<SessionRecord>& record, Work&& work) {
    if (!record)
        return;
    auto manager = record->manager.lock();
    if (!manager)
        return;
    detail::ManagerCore* core = manager.get();
    boost::asio::post(core->runtime.worker(record->shard),
                      [core, record, work = std::forward<Work>(work)]() mutable {
                          if (record->leg)
                              work(*core, *record, *record->leg);
                      });
}

/// For operations that complete: runs `work` on the session's shard with the manager, or
/// completes with errc::no_such_session at once when the session or its manager is gone.
/// Unlike on_shard() it runs even when the session has ended (the work then reports that).
void on_shard_or_fail(const std::shared_ptr<SessionRecord>& record,
                      std::function<void(boost::system::error_code)>& complete,
                      std::function<void(detail::ManagerCore&)> work) {
    if (!record)
        return complete(errc::no_such_session);
    auto manager = record->manager.lock();
    if (!manager)
        return complete(errc::no_such_session);
    detail::ManagerCore* core = manager.get();
    manager->runtime.post(record->shard, [core, work = std::move(work)] { work(*core); });
}

}  // namespace

SessionId Session::id() const noexcept {
    return record_ ? record_->id : SessionId{};
}

CallState Session::state() const noexcept {
    return record_ ? record_->state.load() : CallState::Terminated;
}

SessionInfo Session::info() const {
    if (!record_)
        return {};
    std::lock_guard lock(record_->info_mutex);
    return record_->info;
}

void Session::answer(AnswerOptions options) {
    on_shard(record_, [options = std::move(options)](auto& m, auto& r, auto& leg) {
        m.answer(r, leg, options);
    });
}

void Session::reject(std::uint16_t status, std::string reason) {
    on_shard(record_, [status, reason = std::move(reason)](auto& m, auto& r, auto& leg) mutable {
        m.reject(r, leg, status, std::move(reason));
    });
}

void Session::ringing() {
    on_shard(record_,
             [](auto& m, auto& r, auto& leg) { m.send_provisional(r, leg, 180, nullptr); });
}

void Session::progress(AnswerOptions options) {
    on_shard(record_, [options = std::move(options)](auto& m, auto& r, auto& leg) {
        m.send_provisional(r, leg, 183, &options);
    });
}

void Session::hangup() {
    on_shard(record_,
             [](auto& m, auto& r, auto& leg) { m.hangup(r, leg, TerminationReason::LocalHangup); });
}

void Session::start_wait(CallState state,
                         std::function<void(boost::system::error_code)> complete) const {
    auto record = record_;
    on_shard_or_fail(record_, complete, [record, state, complete](detail::ManagerCore& core) {
        core.wait_for(*record, state, complete);
    });
}

void Session::start_reoffer(Reoffer what, MediaOptions media,
                            std::function<void(boost::system::error_code)> complete) const {
    auto record = record_;
    on_shard_or_fail(
        record_, complete,
        [record, what, media = std::move(media), complete](detail::ManagerCore& core) mutable {
            core.reoffer(*record, what, std::move(media), std::move(complete));
        });
}

namespace {

/// A media request: `work` runs on the shard with the session's leg and its result completes
/// the operation; errc::terminated when the session has ended by then.
void on_leg_or_fail(const std::shared_ptr<SessionRecord>& record,
                    std::function<void(boost::system::error_code)> complete,
                    std::function<boost::system::error_code(detail::ManagerCore&, CallLeg&)> work) {
    on_shard_or_fail(record, complete,
                     [record, complete, work = std::move(work)](detail::ManagerCore& core) {
                         if (!record->leg)
                             return complete(errc::terminated);
                         complete(work(core, *record->leg));
                     });
}

}  // namespace

void Session::start_play(std::string file, PlayOptions options,
                         std::function<void(boost::system::error_code)> complete) const {
    on_leg_or_fail(record_, std::move(complete),
                   [file = std::move(file), options](auto& core, CallLeg& leg) {
                       return core.play(leg, file, options);
                   });
}

void Session::start_record(std::string file, RecordOptions options,
                           std::function<void(boost::system::error_code)> complete) const {
    on_leg_or_fail(record_, std::move(complete),
                   [file = std::move(file), options](auto& core, CallLeg& leg) {
                       return core.record_to(leg, file, options);
                   });
}

void Session::start_dtmf(std::string digits, DtmfSendOptions options,
                         std::function<void(boost::system::error_code)> complete) const {
    on_leg_or_fail(record_, std::move(complete),
                   [digits = std::move(digits), options](auto& core, CallLeg& leg) {
                       return core.send_dtmf(leg, digits, options);
                   });
}

void Session::start_stats(
    std::function<void(boost::system::error_code, MediaStats)> complete) const {
    std::function<void(boost::system::error_code)> fail = [complete](auto ec) {
        complete(ec, MediaStats{});
    };
    auto record = record_;
    on_shard_or_fail(record_, fail, [record, complete](detail::ManagerCore& core) {
        if (!record->leg)
            return complete(errc::terminated, MediaStats{});
        auto stats = core.media_stats(*record->leg);
        if (!stats)
            return complete(stats.error(), MediaStats{});
        complete({}, *stats);
    });
}

void Session::mute() {
    on_shard(record_, [](auto& m, auto&, auto& leg) { m.set_muted(leg, true); });
}

void Session::unmute() {
    on_shard(record_, [](auto& m, auto&, auto& leg) { m.set_muted(leg, false); });
}

boost::asio::any_io_executor Session::executor() const {
    auto manager = record_ ? record_->manager.lock() : nullptr;
    if (!manager)
        return boost::asio::system_executor();
    return manager->executor_for(record_->shard);
}

}  // namespace sessioncore::session
