#include <algorithm>

#include <sessioncore/base/assert.hpp>
#include <sessioncore/media/jitter_buffer.hpp>

namespace sessioncore::media {
namespace {

constexpr unsigned skip_spacing = 5;  // frames between two skips: shrink gently
constexpr int decay_shift = 7;        // peak falls by 1/128 of the gap per packet

// Signed distance a - b of two sequence numbers (RFC 3550 §A.1 modular arithmetic).
int sequence_distance(std::uint16_t a, std::uint16_t b) {
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(a - b));
}

}  // namespace

JitterBuffer::JitterBuffer(const JitterBufferOptions& options, const Clock& clock)
    : options_(options),
      clock_(clock),
      frame_(std::chrono::duration_cast<Duration>(std::chrono::seconds(1)) *
             options.frame_rtp_units / std::max<std::uint32_t>(options.clock_rate, 1)),
      slots_(options.capacity),
      arena_(std::make_unique_for_overwrite<std::byte[]>(options.capacity * options.max_payload)),
      transits_(transit_window) {
    SC_ASSERT(options.clock_rate != 0 && options.frame_rtp_units != 0, "jitter buffer timing");
    SC_ASSERT(options.capacity != 0 && options.capacity < 0x8000 && options.max_payload != 0,
              "jitter buffer size");
    SC_ASSERT(options.min_delay <= options.max_delay, "jitter buffer delay bounds");
    stats_.target_delay = std::max(options.min_delay, frame_);
    stats_.target_delay = std::min(stats_.target_delay, options.max_delay);
    // Further out of line than the deepest playout plus a full window cannot be jitter.
    jump_limit_ = options.max_delay + frame_ * static_cast<std::int64_t>(options.capacity);
}

void JitterBuffer::resync() noexcept {
    for (auto& slot : slots_)
        slot.used = false;
    have_first_ = false;
    started_ = false;
    last_timestamp_ = 0;
    last_extended_ = 0;
    play_timestamp_ = 0;
    transit_count_ = 0;
    transit_head_ = 0;
    transit_size_ = 0;
    base_transit_ = Duration{};
    peak_excess_ = Duration{};
    fec_lookahead_left_ = 0;
    frames_since_skip_ = 0;
    have_stray_ = false;
    stats_.target_delay = std::clamp(frame_, options_.min_delay, options_.max_delay);
    stats_.current_delay = Duration{};
    ++stats_.resyncs;
}

// The packet is not in line with the one before it: its sequence number is a window or more
// away, or its timestamp is far from where its arrival time puts it.
bool JitterBuffer::unplaceable(std::uint16_t sequence, std::uint32_t timestamp,
                               TimePoint now) const {
    const int capacity = static_cast<int>(options_.capacity);
    const int distance = sequence_distance(sequence, last_seen_sequence_);
    if (distance >= capacity || distance <= -capacity)
        return true;
    const std::int64_t extended =
        last_extended_ + static_cast<std::int32_t>(timestamp - last_timestamp_);
    const Duration excess = now.time_since_epoch() - time_of(extended) - base_transit_;
    return excess > jump_limit_ || excess < -jump_limit_;
}

// Right after an unplaceable packet comes the next one of its line: the stream restarted there.
bool JitterBuffer::follows_stray(std::uint16_t sequence, std::uint32_t timestamp) const {
    return have_stray_ && sequence == static_cast<std::uint16_t>(stray_sequence_ + 1) &&
           static_cast<std::int32_t>(timestamp - stray_timestamp_) >= 0;
}

std::int64_t JitterBuffer::extend(std::uint32_t timestamp) {
    auto step = static_cast<std::int32_t>(timestamp - last_timestamp_);
    std::int64_t extended = last_extended_ + step;
    if (step > 0) {
        last_timestamp_ = timestamp;
        last_extended_ = extended;
    }
    return extended;
}

Duration JitterBuffer::time_of(std::int64_t timestamp) const {
    // Exact to the nanosecond; overflows only after 2^63 ns of timestamps (centuries / rate).
    return std::chrono::duration_cast<Duration>(std::chrono::nanoseconds(
        timestamp * 1'000'000'000 / static_cast<std::int64_t>(options_.clock_rate)));
}

// The base transit is the least of the last transit_window packets, a sliding minimum: a
// value that a later, smaller one outlives can never be the minimum again and is dropped.
void JitterBuffer::measure(std::int64_t timestamp, TimePoint now) {
    const Duration transit = now.time_since_epoch() - time_of(timestamp);
    const auto slot = [this](std::size_t i) -> Transit& {
        return transits_[(transit_head_ + i) % transit_window];
    };
    if (transit_size_ != 0 && slot(0).index + transit_window <= transit_count_) {
        transit_head_ = (transit_head_ + 1) % transit_window;  // out of the window
        --transit_size_;
    }
    while (transit_size_ != 0 && slot(transit_size_ - 1).value >= transit)
        --transit_size_;
    slot(transit_size_) = Transit{.index = transit_count_, .value = transit};
    ++transit_size_;
    ++transit_count_;
    base_transit_ = slot(0).value;
    Duration excess = transit - base_transit_;
    if (excess > peak_excess_)
        peak_excess_ = excess;  // a later packet than any: grow at once
    else
        peak_excess_ -= (peak_excess_ - excess) / (1 << decay_shift);
    const Duration fec_frame = fec_lookahead_left_ > 0 ? frame_ : Duration{};
    stats_.target_delay =
        std::clamp(peak_excess_ + frame_ + fec_frame, options_.min_delay, options_.max_delay);
}

// A packet past the newest one by more than one: the ones between are lost (or late).
void JitterBuffer::note_gap(std::uint16_t sequence) {
    if (!options_.fec_lookahead)
        return;
    if (sequence_distance(sequence, newest_sequence_) > 1)
        fec_lookahead_left_ = options_.fec_lookahead_packets;
    else if (fec_lookahead_left_ > 0)
        --fec_lookahead_left_;
}

PutOutcome JitterBuffer::put(std::uint16_t sequence, std::uint32_t timestamp,
                             std::span<const std::byte> payload) {
    if (payload.size() > options_.max_payload) {
        ++stats_.overflow;
        return PutOutcome::TooLarge;
    }
    const TimePoint now = clock_.now();  // one reading for the whole packet
    if (have_first_) {
        const bool restart = follows_stray(sequence, timestamp);
        const bool stray = !restart && unplaceable(sequence, timestamp, now);
        have_stray_ = stray;
        if (restart) {
            resync();
        } else if (stray) {
            // Not taken as the line's last packet: the one after it is judged against the line.
            stray_sequence_ = sequence;
            stray_timestamp_ = timestamp;
            const bool ahead = sequence_distance(sequence, last_seen_sequence_) > 0;
            ++(ahead ? stats_.overflow : stats_.late);
            return ahead ? PutOutcome::Overflow : PutOutcome::Late;
        } else {
            last_seen_sequence_ = sequence;
        }
    }
    if (!have_first_) {
        have_first_ = true;
        last_timestamp_ = timestamp;
        next_sequence_ = newest_sequence_ = last_seen_sequence_ = sequence;
    }
    note_gap(sequence);
    std::int64_t extended = extend(timestamp);
    measure(extended, now);
    int behind = sequence_distance(sequence, next_sequence_);
    if (started_ && (behind < 0 || extended < play_timestamp_)) {
        ++stats_.late;
        return PutOutcome::Late;
    }
    if (!started_ && behind < 0) {
        // Reordered before playout began: move the start back if the window still fits.
        if (sequence_distance(newest_sequence_, sequence) >= static_cast<int>(options_.capacity)) {
            ++stats_.late;
            return PutOutcome::Late;
        }
        next_sequence_ = sequence;
    }
    if (sequence_distance(sequence, next_sequence_) >= static_cast<int>(options_.capacity)) {
        ++stats_.overflow;
        return PutOutcome::Overflow;
    }
    std::size_t index = sequence % options_.capacity;
    Slot& slot = slots_[index];
    if (slot.used && slot.sequence == sequence) {
        ++stats_.duplicates;
        return PutOutcome::Duplicate;
    }
    slot = Slot{.used = true, .sequence = sequence, .timestamp = extended, .size = payload.size()};
    std::copy(payload.begin(), payload.end(), arena_.get() + index * options_.max_payload);
    if (sequence_distance(sequence, newest_sequence_) > 0)
        newest_sequence_ = sequence;
    if (!started_ && (stats_.received == 0 || extended < play_timestamp_))
        play_timestamp_ = extended;
    ++stats_.received;
    return PutOutcome::Accepted;
}

std::span<const std::byte> JitterBuffer::payload_of(std::size_t slot) const {
    return std::span<const std::byte>(arena_.get() + slot * options_.max_payload,
                                      slots_[slot].size);
}

JitterBuffer::Slot* JitterBuffer::earliest() {
    for (std::size_t i = 0; i < options_.capacity; ++i) {
        auto sequence = static_cast<std::uint16_t>(next_sequence_ + i);
        Slot& slot = slots_[sequence % options_.capacity];
        if (slot.used && slot.sequence == sequence)
            return &slot;
    }
    return nullptr;
}

Result<PlayoutKind> JitterBuffer::conceal(AudioDecoder& decoder, std::span<std::int16_t> pcm,
                                          PlayoutKind kind) {
    auto r = decoder.conceal(pcm);
    if (!r)
        return r.error();
    ++(kind == PlayoutKind::Stretched ? stats_.stretched : stats_.concealed);
    return kind;
}

void JitterBuffer::skip() {
    Slot* p = earliest();
    if (p != nullptr && p->timestamp < play_timestamp_ + options_.frame_rtp_units) {
        p->used = false;
        next_sequence_ = static_cast<std::uint16_t>(p->sequence + 1);
    }
    play_timestamp_ += options_.frame_rtp_units;
    ++stats_.skipped;
    frames_since_skip_ = 0;
}

Result<PlayoutKind> JitterBuffer::play(AudioDecoder& decoder, std::span<std::int16_t> pcm) {
    Slot* p = earliest();
    const std::int64_t frame_units = options_.frame_rtp_units;
    if (p != nullptr && p->timestamp < play_timestamp_ + frame_units) {
        auto index = static_cast<std::size_t>(p - slots_.data());
        p->used = false;
        next_sequence_ = static_cast<std::uint16_t>(p->sequence + 1);
        play_timestamp_ = p->timestamp + frame_units;
        if (decoder.decode(payload_of(index), pcm)) {
            ++stats_.played;
            return PlayoutKind::Decoded;
        }
        ++stats_.decode_errors;
        return conceal(decoder, pcm, PlayoutKind::Concealed);
    }
    // Missing. A gap in the sequence numbers just before the next packet is a loss that
    // packet's FEC may cover; without a gap it is a DTX pause, concealed.
    bool lost_just_before = p != nullptr && p->sequence != next_sequence_ &&
                            p->timestamp == play_timestamp_ + frame_units;
    play_timestamp_ += frame_units;
    if (lost_just_before && decoder.has_fec()) {
        auto index = static_cast<std::size_t>(p - slots_.data());
        if (decoder.carries_fec(payload_of(index)) && decoder.decode_fec(payload_of(index), pcm)) {
            ++stats_.concealed;
            ++stats_.fec;
            return PlayoutKind::Fec;
        }
    }
    return conceal(decoder, pcm, PlayoutKind::Concealed);
}

Result<PlayoutKind> JitterBuffer::get(AudioDecoder& decoder, std::span<std::int16_t> pcm) {
    if (pcm.empty())
        return errc::bad_frame_size;
    if (!have_first_ || stats_.received == 0) {
        std::fill(pcm.begin(), pcm.end(), std::int16_t{0});
        return PlayoutKind::Buffering;
    }
    TimePoint now = clock_.now();
    Duration delay = now.time_since_epoch() - (base_transit_ + time_of(play_timestamp_));
    stats_.current_delay = delay;
    const Duration target = stats_.target_delay;
    if (!started_) {
        if (delay < target) {
            std::fill(pcm.begin(), pcm.end(), std::int16_t{0});
            return PlayoutKind::Buffering;
        }
        started_ = true;
    } else if (delay < target - frame_ / 2) {
        return conceal(decoder, pcm, PlayoutKind::Stretched);
    } else if (delay > target + frame_ / 2 && frames_since_skip_ >= skip_spacing) {
        skip();
    }
    ++frames_since_skip_;
    return play(decoder, pcm);
}

}  // namespace sessioncore::media
