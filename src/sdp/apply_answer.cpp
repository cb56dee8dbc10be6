// apply_answer: the checks of RFC 3264 §6 on an answer to our offer, then what it means for us.
#include <algorithm>

#include <sessioncore/sdp/offer_answer.hpp>

#include "negotiation.hpp"

namespace sessioncore::sdp {
namespace {

Error fail(errc e) {
    return Error{e, 0};
}

/// §6.1: an answer may drop a direction the offer had, never add one.
bool direction_allowed(Direction offered, Direction answered) {
    using detail::receives;
    using detail::sends;
    return (!sends(answered) || receives(offered)) && (!receives(answered) || sends(offered));
}

/// Every answered format must be offered, and name the same codec when both sides map it.
bool formats_offered(const MediaDescription& offered, const MediaDescription& answered) {
    for (const std::string& f : answered.formats) {
        if (std::find(offered.formats.begin(), offered.formats.end(), f) == offered.formats.end())
            return false;
    }
    for (std::uint8_t pt : answered.payload_types()) {
        auto ours = detail::described_codec(offered, pt);
        auto theirs = detail::described_codec(answered, pt);
        if (ours && theirs && !same_format(*ours, *theirs))
            return false;
    }
    return true;
}

Result<NegotiatedStream> check_stream(std::size_t index, const SessionDescription& offer,
                                      const SessionDescription& answer) {
    const MediaDescription& offered = offer.media[index];
    const MediaDescription& answered = answer.media[index];
    if (answered.media != offered.media || answered.proto != offered.proto)
        return fail(errc::answer_media_mismatch);
    NegotiatedStream rejected;
    rejected.index = index;
    if (answered.rejected())
        return rejected;
    if (offered.rejected())
        return fail(errc::answer_media_mismatch);
    if (!formats_offered(offered, answered))
        return fail(errc::answer_format_not_offered);
    Direction theirs = answer.direction(answered);
    if (!direction_allowed(offer.direction(offered), theirs))
        return fail(errc::answer_direction);
    if (!answered.is_rtp())
        return rejected;  // not a stream we run; only RTP is summarised
    detail::StreamView view;
    view.index = index;
    view.answer_m = &answered;
    view.remote = &answer;
    view.remote_m = &answered;
    view.ours = detail::reversed(theirs);
    view.rtcp_mux = offered.rtcp_mux() && answered.rtcp_mux();
    // An answer may leave out the rtpmap of a dynamic type it took from us: ours defines it.
    view.codec_fallback = &offered;
    auto stream = detail::summarize(view);
    if (!stream)
        return fail(errc::no_common_codec);
    return *stream;
}

}  // namespace

Result<std::vector<NegotiatedStream>> apply_answer(const SessionDescription& offer_we_sent,
                                                   const SessionDescription& answer) {
    if (answer.media.size() != offer_we_sent.media.size())
        return fail(errc::answer_media_count);
    std::vector<NegotiatedStream> out;
    for (std::size_t i = 0; i < answer.media.size(); ++i) {
        auto stream = check_stream(i, offer_we_sent, answer);
        if (!stream)
            return stream.error();
        out.push_back(std::move(*stream));
    }
    return out;
}

}  // namespace sessioncore::sdp
