# Every dependency is a Debian package (see packaging/install-deps.sh).
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(BROTLI REQUIRED IMPORTED_TARGET libbrotlidec)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)

# Asio, Asio SSL and Beast are compiled once, in src/engine/asio_impl.cpp (a target of its
# own), instead of in every translation unit that includes them: this keeps builds fast.
add_library(flowscope_asio_defs INTERFACE)
target_compile_definitions(flowscope_asio_defs INTERFACE
    BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION
    BOOST_ASIO_NO_DEPRECATED)
target_link_libraries(flowscope_asio_defs INTERFACE Boost::headers OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
