#pragma once
// Session descriptions shaped like real phones' offers, written for these tests. Each is in the
// canonical RFC 8866 §5 order with CRLF line ends, so encode(parse(x)) == x byte for byte.

#include <string_view>

namespace sdp_vectors {

struct Vector {
    std::string_view name;
    std::string_view text;
};

inline constexpr std::string_view opus_offer =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 198.51.100.7\r\n"
    "s=-\r\n"
    "c=IN IP4 198.51.100.7\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 111 0 8 101\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=fmtp:111 minptime=10; useinbandfec=1\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=maxptime:150\r\n"
    "a=rtcp:49171\r\n"
    "a=rtcp-mux\r\n"
    "a=sendrecv\r\n"
    "a=x-vendor-thing:keep  this  exactly \r\n";

inline constexpr std::string_view srtp_offer =
    "v=0\r\n"
    "o=- 1001 1 IN IP4 203.0.113.20\r\n"
    "s=SRTP call\r\n"
    "c=IN IP4 203.0.113.20\r\n"
    "t=0 0\r\n"
    "m=audio 30000 RTP/SAVP 0 101\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
    "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVzcyAoc2NhbGFyQDY|2^20|1:4\r\n"
    "a=crypto:2 AES_CM_128_HMAC_SHA1_32 "
    "inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:4 FEC_ORDER=FEC_SRTP\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=rtcp:30001 IN IP4 203.0.113.21\r\n";

inline constexpr std::string_view hold_reoffer =
    "v=0\r\n"
    "o=alice 2890844526 2890844527 IN IP4 198.51.100.7\r\n"
    "s=-\r\n"
    "c=IN IP4 198.51.100.7\r\n"
    "t=0 0\r\n"
    "a=sendrecv\r\n"
    "m=audio 49170 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=sendonly\r\n";

inline constexpr std::string_view rejected_stream =
    "v=0\r\n"
    "o=bob 2808844564 2808844565 IN IP4 192.0.2.44\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.44\r\n"
    "t=0 0\r\n"
    "a=recvonly\r\n"
    "m=audio 5004 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "m=video 0 RTP/AVP 31\r\n";

inline constexpr std::string_view audio_video =
    "v=0\r\n"
    "o=carol 53655765 2353687637 IN IP6 2001:db8::1\r\n"
    "s=Video call\r\n"
    "i=A call with pictures\r\n"
    "u=https://example.com/call\r\n"
    "e=carol@example.com\r\n"
    "p=+1 617 555 6011\r\n"
    "c=IN IP6 2001:db8::1\r\n"
    "b=AS:2048\r\n"
    "t=3034423619 3042462419\r\n"
    "r=604800 3600 0 90000\r\n"
    "z=2882844526 -1h 2898848070 0\r\n"
    "a=tool:phone 1.0\r\n"
    "m=audio 5004 RTP/AVPF 9 0\r\n"
    "b=TIAS:64000\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtcp-fb:* nack\r\n"
    "m=video 5006/2 UDP/TLS/RTP/SAVPF 96 97\r\n"
    "i=camera\r\n"
    "b=AS:1900\r\n"
    "a=rtpmap:96 H264/90000\r\n"
    "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\n"
    "a=rtpmap:97 VP8/90000\r\n"
    "a=inactive\r\n";

inline constexpr std::string_view media_connection_only =
    "v=0\r\n"
    "o=- 7 7 IN IP4 0.0.0.0\r\n"
    "s= \r\n"
    "t=0 0\r\n"
    "m=audio 40000 RTP/AVP 8\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "m=audio 40002 RTP/AVP 0\r\n"
    "c=IN IP4 224.2.1.1/127/3\r\n"
    "k=prompt\r\n"
    "m=application 40004 udp wb\r\n"
    "c=IN IP6 ff15::101/3\r\n"
    "a=orient:portrait\r\n";

inline constexpr Vector all[] = {
    {"opus_offer", opus_offer},     {"srtp_offer", srtp_offer},
    {"hold_reoffer", hold_reoffer}, {"rejected_stream", rejected_stream},
    {"audio_video", audio_video},   {"media_connection_only", media_connection_only},
};

}  // namespace sdp_vectors
