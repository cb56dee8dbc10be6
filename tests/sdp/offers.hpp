#pragma once
// Offers shaped like those real user agents send (written for these tests, after the shape of
// SIPp's uac scenario, baresip and linphone), the capabilities we answer with, and small helpers
// shared by the offer/answer tests.

#include <string>
#include <string_view>
#include <vector>

#include <sessioncore/sdp/offer_answer.hpp>

namespace sdp_offers {

namespace sdp = sessioncore::sdp;

/// SIPp's default uac: PCMU only, no telephone-event.
inline constexpr std::string_view sipp =
    "v=0\r\n"
    "o=user1 53655765 2353687637 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\n"
    "m=audio 6000 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

/// baresip: opus at 96, G.711, telephone-event/8000, ptime, RFC 3605 rtcp with an address.
inline constexpr std::string_view baresip =
    "v=0\r\n"
    "o=- 1398541468 3210919457 IN IP4 192.168.1.34\r\n"
    "s=-\r\n"
    "c=IN IP4 192.168.1.34\r\n"
    "t=0 0\r\n"
    "m=audio 10442 RTP/AVP 96 0 8 101\r\n"
    "b=AS:128\r\n"
    "a=rtpmap:96 opus/48000/2\r\n"
    "a=fmtp:96 stereo=1;sprop-stereo=1\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=rtcp:10443 IN IP4 192.168.1.35\r\n"
    "a=sendrecv\r\n"
    "a=label:1\r\n"
    "a=ptime:20\r\n";

/// linphone: static types without rtpmap, telephone-event at three rates, session-level
/// attribute, and rtcp-mux offered.
inline constexpr std::string_view linphone =
    "v=0\r\n"
    "o=alice 1783 3456 IN IP4 192.168.0.12\r\n"
    "s=Talk\r\n"
    "c=IN IP4 192.168.0.12\r\n"
    "t=0 0\r\n"
    "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics\r\n"
    "m=audio 7078 RTP/AVP 96 97 0 8 18 101 99 100\r\n"
    "a=rtpmap:96 opus/48000/2\r\n"
    "a=fmtp:96 useinbandfec=1\r\n"
    "a=rtpmap:97 speex/16000\r\n"
    "a=fmtp:97 vbr=on\r\n"
    "a=fmtp:18 annexb=yes\r\n"
    "a=rtpmap:101 telephone-event/48000\r\n"
    "a=rtpmap:99 telephone-event/16000\r\n"
    "a=rtpmap:100 telephone-event/8000\r\n"
    "a=rtcp-mux\r\n"
    "a=rtcp-fb:* trr-int 1000\r\n";

/// An audio + video offer (linphone with video on): we have no video.
inline constexpr std::string_view audio_video =
    "v=0\r\n"
    "o=bob 2202 2203 IN IP4 192.0.2.40\r\n"
    "s=Talk\r\n"
    "c=IN IP4 192.0.2.40\r\n"
    "t=0 0\r\n"
    "m=audio 7078 RTP/AVP 111 0 101\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:101 telephone-event/48000\r\n"
    "m=video 9078 RTP/AVP 103 99\r\n"
    "a=rtpmap:103 VP8/90000\r\n"
    "a=rtpmap:99 H264/90000\r\n"
    "a=fmtp:99 profile-level-id=42801F\r\n";

/// Builds an offer around one m= section: `media` is the m= line onwards, `connection` the
/// session-level c= address.
inline std::string offer_with(std::string_view media, std::string_view connection = "192.0.2.9") {
    std::string out = "v=0\r\no=peer 100 200 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 ";
    out += connection;
    out += "\r\nt=0 0\r\n";
    out += media;
    return out;
}

/// A desk phone: opus, then G.711, DTMF at 8 kHz.
inline sdp::MediaCapabilities phone(std::vector<sdp::Codec> codecs = {sdp::opus(), sdp::pcmu(),
                                                                      sdp::pcma(),
                                                                      sdp::telephone_event()}) {
    sdp::MediaCapabilities caps;
    caps.codecs = std::move(codecs);
    caps.address = "203.0.113.5";
    caps.port = 40000;
    caps.username = "sc";
    caps.session_id = "4242";
    return caps;
}

/// The formats of an m= line joined by spaces: "96 0 101".
inline std::string formats_of(const sdp::MediaDescription& m) {
    std::string out;
    for (const std::string& f : m.formats)
        out += (out.empty() ? "" : " ") + f;
    return out;
}

}  // namespace sdp_offers
