#pragma once
// RFC 3261 §24.2 style messages for the dialog tests: Alice (atlanta) calls Bob (biloxi)
// through p1.atlanta.example.com and p2.biloxi.example.com.

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include <sessioncore/sip/parser.hpp>

namespace sessioncore::dialog::test {

/// Parses text the test knows to be a valid message.
inline sip::Message parse(std::string_view text) {
    auto m = sip::parse(text);
    EXPECT_TRUE(m) << m.error().message();
    return m ? std::move(*m) : sip::Message{};
}

/// Record-Route as p2 then p1 write it (each proxy puts itself on top, §16.6 step 4).
inline constexpr std::string_view rr_loose =
    "Record-Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>\r\n";
/// Strict (RFC 2543) proxies: no lr; p1's URI carries parameters and headers a Request-URI may
/// not (§19.1.1) next to one it may (transport).
inline constexpr std::string_view rr_strict =
    "Record-Route: <sip:p2.biloxi.example.com>\r\n"
    "Record-Route: <sip:p1.atlanta.example.com;transport=tcp;method=INVITE?Subject=x>\r\n";

/// Alice's INVITE as Bob receives it; `extra` goes before Content-Length (Record-Route).
inline std::string invite_text(std::string_view extra = {},
                               std::string_view request_uri = "sip:bob@biloxi.example.com") {
    return "INVITE " + std::string(request_uri) +
           " SIP/2.0\r\n"
           "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
           "Max-Forwards: 70\r\n"
           "To: Bob <sip:bob@biloxi.example.com>\r\n"
           "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
           "Call-ID: a84b4c76e66710\r\n"
           "CSeq: 314159 INVITE\r\n"
           "Contact: <sip:alice@pc33.atlanta.example.com>\r\n" +
           std::string(extra) + "Content-Length: 0\r\n\r\n";
}

/// Bob's response to it; `to_tag` empty writes no tag; `contact` empty writes no Contact.
inline std::string response_text(int status, std::string_view extra = {},
                                 std::string_view to_tag = "a6c85cf",
                                 std::string_view contact = "<sip:bob@192.0.2.4>",
                                 std::string_view cseq = "314159 INVITE") {
    std::string to = "To: Bob <sip:bob@biloxi.example.com>";
    if (!to_tag.empty())
        to += ";tag=" + std::string(to_tag);
    std::string text = "SIP/2.0 " + std::to_string(status) +
                       " Whatever\r\n"
                       "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n" +
                       std::string(extra) + to +
                       "\r\n"
                       "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                       "Call-ID: a84b4c76e66710\r\n"
                       "CSeq: " +
                       std::string(cseq) + "\r\n";
    if (!contact.empty())
        text += "Contact: " + std::string(contact) + "\r\n";
    return text + "Content-Length: 0\r\n\r\n";
}

/// A request Bob sends to Alice inside the dialog (Alice receives it).
inline std::string bob_request_text(std::string_view method, std::uint32_t cseq,
                                    std::string_view contact = {},
                                    std::string_view from_tag = "a6c85cf") {
    std::string text = std::string(method) +
                       " sip:alice@pc33.atlanta.example.com SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10\r\n"
                       "Max-Forwards: 70\r\n"
                       "From: Bob <sip:bob@biloxi.example.com>;tag=" +
                       std::string(from_tag) +
                       "\r\n"
                       "To: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                       "Call-ID: a84b4c76e66710\r\n"
                       "CSeq: " +
                       std::to_string(cseq) + " " + std::string(method) + "\r\n";
    if (!contact.empty())
        text += "Contact: " + std::string(contact) + "\r\n";
    return text + "Content-Length: 0\r\n\r\n";
}

}  // namespace sessioncore::dialog::test
