# flowscope_synth_flows: the synthetic flow generator behind `synth-store`, also linked by
# its unit tests (tests/unit/bench), which run in every build, benchmarks on or off. Both
# places include this file; the first one defines the target.
if(NOT TARGET flowscope_synth_flows)
    set(_synth_dir ${CMAKE_CURRENT_LIST_DIR})
    add_library(flowscope_synth_flows STATIC
        ${_synth_dir}/synth_bodies.cpp
        ${_synth_dir}/synth_catalog.cpp
        ${_synth_dir}/synth_encoding.cpp
        ${_synth_dir}/synth_flows.cpp
        ${_synth_dir}/synth_headers.cpp
        ${_synth_dir}/synth_output.cpp
        ${_synth_dir}/synth_plan.cpp
    )
    target_include_directories(flowscope_synth_flows PUBLIC ${_synth_dir} ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(flowscope_synth_flows
        PUBLIC flowscope_options flowscope_store
        PRIVATE fmt::fmt ZLIB::ZLIB)
endif()
