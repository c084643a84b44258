#pragma once
// An upstream that answers every request head with fixed bytes, valid HTTP or not, for the
// response-side tests (ambiguous framing, oversized heads, stalls, stale pooled
// connections). Listens on 127.0.0.1:<free port>; its own io_context and thread.
//
// Thread safety: the counters may be read from any thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace flowscope::test {

struct ScriptedReply {
    std::string bytes;                       // written after each request head ("\r\n\r\n")
    bool closeAfterReply = true;             // else wait for the next request on the connection
    std::chrono::milliseconds idleClose{0};  // with keep-alive: close a connection idle this long (0: never)
    std::chrono::milliseconds stallAfter{0}; // >0: write only `stallBytes`, then stall this long, then close
    std::size_t stallBytes = 0;
};

class ScriptedOrigin {
public:
    explicit ScriptedOrigin(ScriptedReply reply);
    ~ScriptedOrigin();
    ScriptedOrigin(const ScriptedOrigin&) = delete;
    ScriptedOrigin& operator=(const ScriptedOrigin&) = delete;

    std::uint16_t port() const;
    std::string url(const std::string& pathAndQuery) const; // http://127.0.0.1:PORT/...
    std::uint64_t connectionsAccepted() const;
    std::uint64_t requestHeads() const;
    std::uint64_t connectionsClosedIdle() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace flowscope::test
