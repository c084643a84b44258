#pragma once
// An upstream that accepts TCP connections on 127.0.0.1:<free port> and never answers
// (holds them open until destroyed): the proxy's upstream timeout must fire.

#include <cstdint>
#include <memory>

namespace flowscope::test {

class SilentOrigin {
public:
    SilentOrigin();
    ~SilentOrigin();
    SilentOrigin(const SilentOrigin&) = delete;
    SilentOrigin& operator=(const SilentOrigin&) = delete;

    std::uint16_t port() const;
    std::uint64_t connectionsAccepted() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// A 127.0.0.1 port nobody listens on: bound, then closed (connections to it are refused).
std::uint16_t unusedPort();

} // namespace flowscope::test
