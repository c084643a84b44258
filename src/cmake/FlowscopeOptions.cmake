# One INTERFACE target carries the language level, warnings and sanitizers for every
# Flowscope target, so a flag is changed in one place.
add_library(flowscope_options INTERFACE)
target_compile_features(flowscope_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)

if(MSVC)
    target_compile_options(flowscope_options INTERFACE /W4 /permissive- /utf-8)
    if(FLOWSCOPE_WERROR)
        target_compile_options(flowscope_options INTERFACE /WX)
    endif()
else()
    target_compile_options(flowscope_options INTERFACE
        -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual -Wformat=2)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        # g++ 12 misreports Asio's coroutine frame allocator (operator new/delete pair of
        # awaitable_frame_base) as mismatched: GCC bug 109224.
        target_compile_options(flowscope_options INTERFACE -Wno-mismatched-new-delete)
    endif()
    if(FLOWSCOPE_WERROR)
        target_compile_options(flowscope_options INTERFACE -Werror)
    endif()
endif()

set(_flowscope_sanitizers "")
if(FLOWSCOPE_ASAN)
    list(APPEND _flowscope_sanitizers address)
endif()
if(FLOWSCOPE_UBSAN)
    list(APPEND _flowscope_sanitizers undefined)
endif()
if(FLOWSCOPE_TSAN)
    list(APPEND _flowscope_sanitizers thread)
endif()
if(_flowscope_sanitizers)
    list(JOIN _flowscope_sanitizers "," _flowscope_sanitize_arg)
    target_compile_options(flowscope_options INTERFACE -fsanitize=${_flowscope_sanitize_arg} -fno-omit-frame-pointer)
    target_link_options(flowscope_options INTERFACE -fsanitize=${_flowscope_sanitize_arg})
endif()
