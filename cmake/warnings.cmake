# One interface target carries the project's compile settings; every target links it.
add_library(sc_build_settings INTERFACE)
target_compile_options(sc_build_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(SC_WERROR)
    target_compile_options(sc_build_settings INTERFACE -Werror)
    # GCC 12 at -O3 reports -Wrestrict and -Wmaybe-uninitialized inside libstdc++'s
    # std::string for code that is correct (GCC bugs 105329, 105651); -Wrestrict is off for GCC, the other stays a warning.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(sc_build_settings INTERFACE -Wno-restrict
                                                           -Wno-error=maybe-uninitialized)
    endif()
endif()
if(SC_SANITIZE)
    target_compile_options(sc_build_settings INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(sc_build_settings INTERFACE -fsanitize=address,undefined)
endif()
# Byte-level layers also build with -Wconversion (STYLE.md §6).
add_library(sc_byte_level_warnings INTERFACE)
target_compile_options(sc_byte_level_warnings INTERFACE -Wconversion -Wsign-conversion)
