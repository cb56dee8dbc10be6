// sc-sip: checks SIP messages stored in files with the session-core parser.
//
//   sc-sip parse FILE...          one line per file: "FILE: ok" or "FILE: error: <why> (<status>)"
//   sc-sip parse --json FILE...   the parsed structure as JSON (an array for several files)
//
// A file is one message as one UDP datagram would carry it (RFC 3261 §18.3): it is ok when it
// parses and validate() accepts it. Exit status: 0 all ok, 1 some message failed, 2 usage error
// or a file that could not be read.

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <boost/json.hpp>

#include <sessioncore/sip/parser.hpp>
#include <sessioncore/sip/validate.hpp>

#include "json_report.hpp"

namespace sip = sessioncore::sip;
namespace tools = sessioncore::tools;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_invalid = 1;
constexpr int exit_usage = 2;

/// Larger files are refused outright: a datagram holds at most 64 KiB, and the parser's own
/// limit (Limits::max_message_size) already answers 513 long before this.
constexpr std::size_t max_file_size = 16 * 1024 * 1024;

constexpr std::string_view usage_text = R"usage(usage: sc-sip parse [--json] FILE...
       sc-sip --help

Checks SIP messages with the session-core parser. Each FILE holds one message exactly as a UDP
datagram carries it (bytes, CRLF line ends); "-" reads standard input.

  parse FILE...          print "FILE: ok" when the message parses and validates, otherwise
                         "FILE: error: <reason> (<SIP status we would answer>)"
  parse --json FILE...   print the parsed message as JSON: start line, headers, decoded values
                         (Request-URI, Vias, From, To, Call-ID, CSeq, Contacts, ...), body, and
                         "error" when it failed; several files give a JSON array

Exit status: 0 every message ok, 1 some message failed, 2 usage error or unreadable file.
)usage";

enum class Output : std::uint8_t { Text, Json };

struct Options {
    Output output = Output::Text;
    std::vector<std::string> files;
};

int usage_error(std::string_view why) {
    std::cerr << "sc-sip: " << why << "\n" << usage_text;
    return exit_usage;
}

/// Reads a whole file as bytes; on failure prints why to stderr and returns false.
bool read_file(const std::string& path, std::string& bytes) {
    std::istream* in = &std::cin;
    std::ifstream file;
    if (path != "-") {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            std::cerr << "sc-sip: " << path << ": is a directory\n";
            return false;
        }
        file.open(path, std::ios::binary);
        if (!file) {
            std::cerr << "sc-sip: " << path << ": cannot open: " << std::strerror(errno) << "\n";
            return false;
        }
        in = &file;
    }
    bytes.clear();
    char chunk[16 * 1024];
    while (in->read(chunk, sizeof chunk) || in->gcount() > 0) {
        bytes.append(chunk, static_cast<std::size_t>(in->gcount()));
        if (bytes.size() > max_file_size) {
            std::cerr << "sc-sip: " << path << ": larger than " << max_file_size << " bytes\n";
            return false;
        }
    }
    if (in->bad()) {
        std::cerr << "sc-sip: " << path << ": read error\n";
        return false;
    }
    return true;
}

/// Parses and validates every file; prints the text lines or collects the JSON reports.
int run_parse(const Options& options) {
    int status = exit_ok;
    boost::json::array reports;
    for (const std::string& path : options.files) {
        std::string bytes;
        if (!read_file(path, bytes)) {
            status = exit_usage;
            continue;
        }
        auto parsed = sip::parse(bytes, {.framing = sip::Framing::Datagram});
        sip::Result<void> verdict = parsed ? sip::validate(*parsed) : sip::Result<void>();
        std::optional<sip::Error> failure;
        if (!parsed)
            failure = parsed.error();
        else if (!verdict)
            failure = verdict.error();
        if (failure && status == exit_ok)
            status = exit_invalid;
        if (options.output == Output::Json) {
            reports.push_back(tools::json_report(path, parsed, verdict));
        } else if (!failure) {
            std::cout << path << ": ok\n";
        } else {
            std::cout << path << ": error: " << failure->message() << " (" << failure->status()
                      << ")\n";
        }
    }
    if (options.output == Output::Json && !reports.empty()) {
        if (reports.size() == 1)
            std::cout << tools::pretty_json(reports.front());
        else
            std::cout << tools::pretty_json(reports);
    }
    return status;
}

int run(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty())
        return usage_error("missing command");
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << usage_text;
        return exit_ok;
    }
    if (args[0] != "parse")
        return usage_error("unknown command '" + std::string(args[0]) + "'");
    Options options;
    bool options_done = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (!options_done && arg == "--json") {
            options.output = Output::Json;
        } else if (!options_done && (arg == "--help" || arg == "-h")) {
            std::cout << usage_text;
            return exit_ok;
        } else if (!options_done && arg == "--") {
            options_done = true;
        } else if (!options_done && arg.size() > 1 && arg.starts_with("-")) {
            return usage_error("unknown option '" + std::string(arg) + "'");
        } else {
            options.files.emplace_back(arg);
        }
    }
    if (options.files.empty())
        return usage_error("parse needs at least one FILE");
    return run_parse(options);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "sc-sip: " << e.what() << "\n";
        return exit_usage;
    }
}
