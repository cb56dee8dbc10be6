#pragma once
// The runtime model of ../shared/DESIGN.md: N worker threads, each running its own
// boost::asio::io_context. Everything that belongs to one Call-ID (its transactions, dialogs,
// session and media) lives on one worker, its shard, chosen by a hash of the Call-ID; work for
// a shard that arrives on another thread is handed over with post(), so the per-message path
// needs no mutex.
//
// This header names Asio types only by forward declaration; include <boost/asio/io_context.hpp>
// where you use worker().

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace sessioncore {

/// Index of a worker in a Runtime (0 .. workers()-1).
using ShardIndex = std::size_t;

struct RuntimeOptions {
    /// Number of workers; 0 means one per core (std::thread::hardware_concurrency()).
    std::size_t workers = 0;
};

class Runtime {
public:
    explicit Runtime(RuntimeOptions options = {});
    ~Runtime();  // stops and joins the threads if they run
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    [[nodiscard]] std::size_t workers() const noexcept { return contexts_.size(); }
    [[nodiscard]] boost::asio::io_context& worker(ShardIndex index) noexcept {
        return *contexts_[index];
    }

    /// The shard that owns this Call-ID: the same for the same bytes, on every call, in every
    /// process of the same build (FNV-1a; Call-IDs compare byte for byte, RFC 3261 §20.8).
    [[nodiscard]] ShardIndex shard_for(std::string_view call_id) const noexcept;

    /// The shard whose thread is running this call, or workers() when called from a thread that
    /// is not one of this runtime's workers (or before start()).
    [[nodiscard]] ShardIndex current_shard() const noexcept;

    /// Runs `work` on the given shard's thread (asio::post). Safe from any thread.
    void post(ShardIndex shard, std::function<void()> work);

    /// Starts one thread per worker; each runs its io_context until stop(). A work guard keeps
    /// an idle io_context running.
    void start();
    /// Asks every worker to finish (io_context::stop) and joins the threads. Idempotent.
    void stop();
    /// Blocks until the workers have returned (after someone called stop()).
    void join();
    /// True between start() and stop(): the worker threads exist. Call from the thread that
    /// starts and stops the runtime.
    [[nodiscard]] bool running() const noexcept { return !threads_.empty(); }

private:
    struct Guards;
    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
    std::unique_ptr<Guards> guards_;
    std::vector<std::thread> threads_;
};

}  // namespace sessioncore
