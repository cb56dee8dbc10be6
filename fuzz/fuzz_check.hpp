#pragma once
// Shared by the fuzz targets: a property that must hold for every input. A violation aborts, so
// libFuzzer saves the input as a crash and the replay test fails on it.

#include <cstdio>
#include <cstdlib>

#define SC_FUZZ_CHECK(cond)                                                                    \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            std::fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                                      \
        }                                                                                      \
    } while (false)
