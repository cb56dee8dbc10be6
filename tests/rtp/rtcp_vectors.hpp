#pragma once
// RTCP packets written out by hand for these tests, field by field as RFC 3550 §6.4-§6.7 draw
// them. Concatenated, they make compound packets.

namespace rtcp_vectors {

// SR (§6.4.1), RC = 1: 4 + 4 + 20 + 24 = 52 octets = 13 words, length 12.
inline constexpr const char* sender_report =
    "81 c8 00 0c"
    "11 22 33 44"               // SSRC of sender
    "e3 4f 5a 6b  80 00 00 00"  // NTP: 0xe34f5a6b s and a half
    "00 00 10 00"               // RTP timestamp 4096
    "00 00 00 64"               // 100 packets
    "00 00 3e 80"               // 16000 octets
    "55 66 77 88"               // block: SSRC_1
    "40 ff ff fe"               // fraction 64/256, cumulative lost -2
    "00 01 00 05"               // extended highest: cycle 1, seq 5
    "00 00 00 20"               // jitter 32
    "5a 6b 80 00"               // LSR
    "00 01 80 00";              // DLSR: 1.5 s

// SDES (§6.5), one chunk: SSRC, CNAME "alice@host1" (2 + 11 octets), the null octet and two
// more to the word: 4 + 4 + 13 + 3 = 24 octets = 6 words, length 5.
inline constexpr const char* sdes_cname =
    "81 ca 00 05"
    "11 22 33 44"
    "01 0b 61 6c  69 63 65 40  68 6f 73 74  31"
    "00 00 00";

// RR (§6.4.2) without blocks: what a participant that neither sends nor receives reports.
inline constexpr const char* empty_receiver_report = "80 c9 00 01  11 22 33 44";

// RR, RC = 1, and a profile-specific extension word after the block: 4 + 4 + 24 + 4 = 36
// octets, length 8.
inline constexpr const char* receiver_report_with_extension =
    "81 c9 00 08"
    "99 99 99 99"
    "55 66 77 88  00 00 00 00  00 00 ff ff  00 00 00 00  00 00 00 00  00 00 00 00"
    "ca fe ca fe";

// BYE (§6.6), one source and the reason "done": 4 + 4 + 1 + 4, padded to 16; length 3.
inline constexpr const char* bye_with_reason = "81 cb 00 03  11 22 33 44  04 64 6f 6e  65 00 00 00";

// BYE for two sources, no reason.
inline constexpr const char* bye_two_sources = "82 cb 00 02  11 22 33 44  55 66 77 88";

// APP (§6.7), subtype 5, name "TEST", one word of data.
inline constexpr const char* app = "85 cc 00 03  11 22 33 44  54 45 53 54  de ad be ef";

// A generic NACK (RFC 4585 §6.2.1, PT 205, FMT 1): kept as a packet this layer passes on.
inline constexpr const char* generic_nack = "81 cd 00 03  11 22 33 44  55 66 77 88  00 10 00 00";

// SDES with two chunks: CNAME "a" and NAME "Al" (4 + 3 + 4 + the null = 12 octets, no extra
// padding), then TOOL "x" (4 + 3 + the null = 8); and a chunk with no items (SSRC + 4 nulls).
inline constexpr const char* sdes_three_chunks =
    "83 ca 00 07"
    "00 00 00 0a  01 01 61 02  02 41 6c 00"
    "00 00 00 0b  06 01 78 00"
    "00 00 00 0c  00 00 00 00";

}  // namespace rtcp_vectors
