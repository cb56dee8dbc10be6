#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <sessioncore/base/runtime.hpp>

namespace sessioncore {

namespace {
// Which runtime and shard the current thread serves; set once when a worker thread starts.
thread_local const Runtime* current_runtime = nullptr;
thread_local ShardIndex current_index = 0;
}  // namespace

struct Runtime::Guards {
    using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    std::vector<Guard> guards;
};

Runtime::Runtime(RuntimeOptions options) : guards_(std::make_unique<Guards>()) {
    std::size_t count = options.workers;
    if (count == 0)
        count = std::max(1u, std::thread::hardware_concurrency());
    contexts_.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
}

Runtime::~Runtime() {
    stop();
}

ShardIndex Runtime::shard_for(std::string_view call_id) const noexcept {
    std::uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bit
    for (unsigned char c : call_id) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return static_cast<ShardIndex>(hash % contexts_.size());
}

ShardIndex Runtime::current_shard() const noexcept {
    return current_runtime == this ? current_index : contexts_.size();
}

void Runtime::post(ShardIndex shard, std::function<void()> work) {
    boost::asio::post(*contexts_[shard], std::move(work));
}

void Runtime::start() {
    if (!threads_.empty())
        return;
    for (auto& context : contexts_) {
        context->restart();
        guards_->guards.emplace_back(context->get_executor());
    }
    for (std::size_t i = 0; i < contexts_.size(); ++i) {
        threads_.emplace_back([this, i] {
            current_runtime = this;
            current_index = i;
            contexts_[i]->run();
            current_runtime = nullptr;
        });
    }
}

void Runtime::stop() {
    guards_->guards.clear();
    for (auto& context : contexts_)
        context->stop();
    join();
}

void Runtime::join() {
    for (auto& thread : threads_)
        if (thread.joinable())
            thread.join();
    threads_.clear();
}

}  // namespace sessioncore
