#pragma once
// A fixed-capacity FIFO over one std::vector of slots, the storage of EventChannel. Not
// synchronised: the channel holds its mutex around every call. The slots are allocated once, at
// construction, and reused, so pushing and popping allocate nothing (T's own members may).

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include <sessioncore/base/assert.hpp>

namespace sessioncore::detail {

template <class T>
class RingBuffer {
public:
    /// Precondition: capacity > 0.
    explicit RingBuffer(std::size_t capacity) : slots_(capacity) {
        SC_ASSERT(capacity > 0, "a ring buffer needs at least one slot");
    }

    [[nodiscard]] std::size_t capacity() const noexcept { return slots_.size(); }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] bool full() const noexcept { return size_ == slots_.size(); }

    /// Precondition: !full().
    void push(T&& value) {
        std::size_t tail = head_ + size_;
        if (tail >= slots_.size())
            tail -= slots_.size();
        slots_[tail].emplace(std::move(value));
        ++size_;
    }

    /// Precondition: !empty(). The slot is emptied (its T destroyed) before returning.
    [[nodiscard]] T pop() {
        std::optional<T>& slot = slots_[head_];
        T value = std::move(*slot);
        slot.reset();
        if (++head_ == slots_.size())
            head_ = 0;
        --size_;
        return value;
    }

    /// Moves up to `max` of the oldest values to the end of `out`; returns how many.
    std::size_t pop_into(std::vector<T>& out, std::size_t max) {
        std::size_t taken = 0;
        for (; taken < max && !empty(); ++taken)
            out.push_back(pop());
        return taken;
    }

private:
    std::vector<std::optional<T>> slots_;
    std::size_t head_ = 0;  // index of the oldest value
    std::size_t size_ = 0;
};

}  // namespace sessioncore::detail
