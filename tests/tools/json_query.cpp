// Test helper for tests/tools/sc_sip_test.sh: reads a JSON document on stdin and fails unless it
// is valid JSON. With a JSON pointer argument (RFC 6901, e.g. /decoded/call_id) it prints the
// value there (a string without quotes) and fails when there is none. Keeps the shell tests free
// of jq and python.

#include <iostream>
#include <iterator>
#include <string>

#include <boost/json.hpp>

int main(int argc, char** argv) {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(text, ec);
    if (ec) {
        std::cerr << "json_query: invalid JSON: " << ec.message() << "\n";
        return 1;
    }
    if (argc < 2)
        return 0;
    const boost::json::value* found = doc.find_pointer(argv[1], ec);
    if (found == nullptr) {
        std::cerr << "json_query: no value at " << argv[1] << "\n";
        return 1;
    }
    if (const boost::json::string* s = found->if_string())
        std::cout << std::string_view(s->data(), s->size()) << "\n";
    else
        std::cout << boost::json::serialize(*found) << "\n";
    return 0;
}
