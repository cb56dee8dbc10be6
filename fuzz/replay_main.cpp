// Replays fuzz inputs without libFuzzer, so seed corpora and saved crashes run in the ordinary
// test suite (CTest label fuzz-smoke) under any compiler and sanitizer. Linked with one target's
// source, it calls that target's LLVMFuzzerTestOneInput once per file.
//
//   replay [--ext=.dat] [--min=N] PATH...
//
// PATH is a file or a directory (its regular files, sorted, not recursive; README* and dot
// files are skipped). --ext keeps only files with that extension. --min fails the run when
// fewer than N inputs were found (a missing seed directory must not pass silently).
// Each file name is printed before it runs, so a crash names its input. Exit status: 0 when
// every input ran, 2 on a usage error or an unreadable path; a violated property aborts.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

struct Options {
    std::string extension;  // empty: every file
    std::size_t min_inputs = 0;
    std::vector<fs::path> paths;
};

bool parse_args(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg.starts_with("--ext=")) {
            options.extension = arg.substr(6);
        } else if (arg.starts_with("--min=")) {
            options.min_inputs = std::strtoul(argv[i] + 6, nullptr, 10);
        } else if (arg.starts_with("--")) {
            return false;
        } else {
            options.paths.emplace_back(arg);
        }
    }
    return !options.paths.empty();
}

bool wanted(const fs::path& file, const Options& options) {
    std::string name = file.filename().string();
    if (name.starts_with(".") || name.starts_with("README"))
        return false;
    return options.extension.empty() || file.extension() == options.extension;
}

/// The inputs under `path`, sorted; false when the path cannot be read.
bool collect(const fs::path& path, const Options& options, std::vector<fs::path>& inputs) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        inputs.push_back(path);
        return true;
    }
    if (!fs::is_directory(path, ec)) {
        std::fprintf(stderr, "replay: %s: not a file or directory\n", path.c_str());
        return false;
    }
    std::vector<fs::path> found;
    for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
        if (entry.is_regular_file(ec) && wanted(entry.path(), options))
            found.push_back(entry.path());
    }
    if (ec) {
        std::fprintf(stderr, "replay: %s: %s\n", path.c_str(), ec.message().c_str());
        return false;
    }
    std::sort(found.begin(), found.end());
    inputs.insert(inputs.end(), found.begin(), found.end());
    return true;
}

bool run(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "replay: %s: cannot open\n", file.c_str());
        return false;
    }
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    if (in.bad()) {
        std::fprintf(stderr, "replay: %s: read error\n", file.c_str());
        return false;
    }
    std::printf("replay: %s (%zu bytes)\n", file.c_str(), bytes.size());
    std::fflush(stdout);
    bytes.reserve(1);  // libFuzzer never passes a null pointer, even for an empty input
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_args(argc, argv, options)) {
        std::fprintf(stderr, "usage: %s [--ext=.dat] [--min=N] PATH...\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> inputs;
    for (const fs::path& path : options.paths) {
        if (!collect(path, options, inputs))
            return 2;
    }
    if (inputs.size() < options.min_inputs) {
        std::fprintf(stderr, "replay: found %zu inputs, expected at least %zu\n", inputs.size(),
                     options.min_inputs);
        return 2;
    }
    for (const fs::path& file : inputs) {
        if (!run(file))
            return 2;
    }
    std::printf("replay: %zu inputs ran\n", inputs.size());
    return 0;
}
