#include "support/silent_origin.hpp"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <list>
#include <thread>

namespace flowscope::test {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct SilentOrigin::Impl {
    Impl() : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        port = acceptor.local_endpoint().port();
        acceptNext();
        thread = std::thread([this] { io.run(); });
    }

    ~Impl() {
        io.stop();
        thread.join();
    }

    void acceptNext() {
        acceptor.async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
            if (error)
                return;
            ++accepted;
            held.push_back(std::move(socket)); // never read, never answered, closed at the end
            acceptNext();
        });
    }

    asio::io_context io{1};
    tcp::acceptor acceptor;
    std::uint16_t port = 0;
    std::atomic<std::uint64_t> accepted{0};
    std::list<tcp::socket> held;
    std::thread thread;
};

SilentOrigin::SilentOrigin() : m_impl(std::make_unique<Impl>()) {}
SilentOrigin::~SilentOrigin() = default;
std::uint16_t SilentOrigin::port() const {
    return m_impl->port;
}
std::uint64_t SilentOrigin::connectionsAccepted() const {
    return m_impl->accepted.load();
}

std::uint16_t unusedPort() {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const std::uint16_t port = acceptor.local_endpoint().port();
    acceptor.close();
    return port;
}

} // namespace flowscope::test
