#pragma once
// The three SIP parsers the parse benchmark compares (bench/sip_parse_bench.cpp). Each contender
// does the same work per message: parse the start line (Request-URI included), split every
// header into name and value, and decode every Via, From, To (name-addr + tag), CSeq, Call-ID
// and Contact; each decoded field is read into benchmark::DoNotOptimize.
//
// The peers live in their own translation units (sip_parse_sofia.cpp, sip_parse_libre.cpp) so
// that their C headers and macros never meet each other or ours.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sessioncore::bench {

/// What the self-check compares across contenders for one message. An absent field is "".
struct Extracted {
    std::string call_id;
    std::uint32_t cseq = 0;
    std::string top_via_branch;
    std::string from_tag;
    std::string to_tag;
    std::string contact_host;
    std::size_t via_count = 0;

    friend bool operator==(const Extracted&, const Extracted&) = default;
};

/// One line for a self-check failure message.
std::string describe(const Extracted& e);

/// sofia-sip (libsofia-sip-ua): msg_make() with the default SIP message class, which copies the
/// bytes, parses every known header eagerly, then msg_destroy(). One message per call.
class SofiaParser {
public:
    /// Parses `bytes` once and touches the decoded fields; false when sofia reports an error.
    bool parse_and_touch(std::string_view bytes) const;
    /// Parses `bytes` once and returns the fields the self-check compares.
    std::optional<Extracted> extract(std::string_view bytes) const;
};

/// libre (baresip/re): sip_msg_decode() over an mbuf holding the message, plus
/// sip_addr_decode() of the first Contact and sip_via_decode() of every Via after the first
/// (sip_msg_decode decodes the top one). The mbuf is filled once, as a receive path would.
class LibreParser {
public:
    /// Calls libre_init(); one instance at a time.
    LibreParser();
    ~LibreParser();
    LibreParser(const LibreParser&) = delete;
    LibreParser& operator=(const LibreParser&) = delete;

    /// Copies `bytes` into the parser's mbuf; parse_and_touch() then decodes them.
    void load(std::string_view bytes);
    bool parse_and_touch();
    std::optional<Extracted> extract(std::string_view bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sessioncore::bench
