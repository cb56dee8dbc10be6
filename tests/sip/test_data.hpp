#pragma once
// Test helpers: read the RFC 4475 / RFC 5118 torture messages in place from ../shared/testdata
// (never copied into the project) and their MANIFEST.tsv rows.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sessioncore::sip::test {

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open test data file " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

struct ManifestRow {
    std::string suite;  // "rfc4475" or "rfc5118"
    std::string name;
    std::string category;
    std::string expected;
    std::string bytes;  // the message, exactly as on the wire
};

inline std::vector<ManifestRow> load_manifest(const std::string& suite) {
    const std::string dir = std::string(SC_SHARED_TESTDATA) + "/" + suite;
    std::istringstream lines(read_bytes(dir + "/MANIFEST.tsv"));
    std::vector<ManifestRow> rows;
    std::string line;
    std::getline(lines, line);  // column names
    while (std::getline(lines, line)) {
        if (line.empty())
            continue;
        std::vector<std::string> cols;
        std::istringstream fields(line);
        for (std::string col; std::getline(fields, col, '\t');)
            cols.push_back(col);
        if (cols.size() < 4)
            throw std::runtime_error("bad manifest row in " + suite + ": " + line);
        rows.push_back(
            {suite, cols[0], cols[2], cols[3], read_bytes(dir + "/" + cols[0] + ".dat")});
    }
    return rows;
}

inline std::vector<ManifestRow> load_all_manifests() {
    auto rows = load_manifest("rfc4475");
    auto more = load_manifest("rfc5118");
    rows.insert(rows.end(), more.begin(), more.end());
    return rows;
}

inline bool is_valid_category(const std::string& category) {
    return category == "valid" || category == "valid-but-unusual";
}

}  // namespace sessioncore::sip::test
