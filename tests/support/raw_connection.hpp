#pragma once
// Raw bytes to the proxy over a TCP socket, for the hostile-input tests: send anything,
// then read what comes back until the proxy closes or a deadline passes.
//
// Thread safety: one RawConnection per thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace flowscope::test {

struct RawResult {
    std::string data;          // everything read
    bool closedByPeer = false; // EOF (or a reset) from the other side
    bool reset = false;        // the close was a TCP reset
    bool timedOut = false;     // the deadline passed with the connection still open
    std::chrono::milliseconds elapsed{0};
};

class RawConnection {
public:
    explicit RawConnection(std::uint16_t port); // 127.0.0.1:port; throws on failure
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Returns false when the peer refused the bytes (it may close early on bad input).
    bool send(std::string_view bytes, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Reads until the peer closes or `timeout` passes. A timeout leaves the connection
    // usable; `data` is everything received on the connection so far.
    RawResult readUntilClose(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Reads until `marker` has been received (or close/timeout); returns all bytes read so far.
    RawResult readUntil(std::string_view marker, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Closes our side (FIN), as a client does once it has seen the server's close.
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Connects, sends `bytes`, reads until close or `timeout` (5 s).
RawResult rawExchange(std::uint16_t port, std::string_view bytes,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5));

// The status code of the first response in `data`, or 0.
int statusOf(std::string_view data);
// The value of the first header `name` (any case) in the first response head, or "".
std::string headerOf(std::string_view data, std::string_view name);

} // namespace flowscope::test
