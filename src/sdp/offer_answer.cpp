// OfferAnswer: the per-dialog RFC 3264 state machine (RFC 6337 §2 for the re-offer cases).
#include <sessioncore/sdp/offer_answer.hpp>

namespace sessioncore::sdp {
namespace {

Error fail(errc e) {
    return Error{e, 0};
}

bool idle(OfferAnswerState s) {
    return s == OfferAnswerState::None || s == OfferAnswerState::Complete;
}

/// Equal in everything but the o= line (RFC 3264 §8: what decides a new version).
bool same_content(SessionDescription a, const SessionDescription& b) {
    a.origin = b.origin;
    return a == b;
}

}  // namespace

std::string_view to_string(OfferAnswerState s) noexcept {
    switch (s) {
        case OfferAnswerState::None:
            return "none";
        case OfferAnswerState::OfferSent:
            return "offer-sent";
        case OfferAnswerState::OfferReceived:
            return "offer-received";
        case OfferAnswerState::Complete:
            return "complete";
    }
    return "none";
}

OfferAnswer::OfferAnswer(OfferAnswerOptions options) : options_(std::move(options)) {}

MediaCapabilities OfferAnswer::with_our_origin(const MediaCapabilities& caps) {
    if (!username_) {
        username_ = caps.username;
        session_id_ = caps.session_id;
    }
    MediaCapabilities out = caps;
    out.username = *username_;
    out.session_id = *session_id_;
    return out;
}

std::string OfferAnswer::stamp(SessionDescription& description) {
    if (!last_sent_)
        version_ = options_.first_version;
    else if (!same_content(description, *last_sent_))
        ++version_;
    description.origin.sess_version = std::to_string(version_);
    last_sent_ = description;
    return encode(description);
}

void OfferAnswer::save() {
    saved_.state = state_;
    saved_.local = local_;
    saved_.remote = remote_;
}

Result<std::string> OfferAnswer::local_offer(const MediaCapabilities& caps) {
    if (!idle(state_))
        return fail(errc::offer_pending);
    auto offer = make_offer(with_our_origin(caps), OfferContext{});
    if (!offer)
        return offer.error();
    save();
    std::string text = stamp(*offer);
    local_ = std::move(*offer);
    state_ = OfferAnswerState::OfferSent;
    return text;
}

Result<void> OfferAnswer::remote_offer(std::string_view text) {
    if (!idle(state_))
        return fail(errc::offer_pending);
    auto offer = parse(text, options_.limits);
    if (!offer)
        return offer.error();
    save();
    remote_ = std::move(*offer);
    state_ = OfferAnswerState::OfferReceived;
    return {};
}

Result<std::string> OfferAnswer::local_answer(const MediaCapabilities& caps) {
    if (state_ != OfferAnswerState::OfferReceived)
        return fail(errc::wrong_state);
    auto answer = make_answer(*remote_, with_our_origin(caps), OfferContext{});
    if (!answer)
        return answer.error();
    std::string text = stamp(answer->description);
    local_ = std::move(answer->description);
    negotiated_ = std::move(answer->streams);
    state_ = OfferAnswerState::Complete;
    return text;
}

Result<std::vector<NegotiatedStream>> OfferAnswer::remote_answer(std::string_view text) {
    if (state_ != OfferAnswerState::OfferSent)
        return fail(errc::wrong_state);
    auto answer = parse(text, options_.limits);
    if (!answer)
        return answer.error();
    auto streams = apply_answer(*local_, *answer);
    if (!streams)
        return streams.error();
    remote_ = std::move(*answer);
    negotiated_ = *streams;
    state_ = OfferAnswerState::Complete;
    return streams;
}

Result<void> OfferAnswer::rollback() {
    if (idle(state_))
        return fail(errc::wrong_state);
    state_ = saved_.state;
    local_ = std::move(saved_.local);
    remote_ = std::move(saved_.remote);
    saved_ = Saved{};
    return {};
}

}  // namespace sessioncore::sdp
