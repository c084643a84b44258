// UpstreamPool's bounds: idle connections per key and in all, the oldest closed first.
// Real sockets: each pooled connection is one end of a loopback TCP pair, so "closed"
// is what the peer observes.
#include "engine/upstream_pool.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <gtest/gtest.h>

#include <thread>

namespace flowscope::engine {
namespace {

class UpstreamPoolTest : public ::testing::Test {
protected:
    UpstreamPoolTest() : m_acceptor(m_io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

    // A pooled connection for `host` whose server end the test keeps.
    std::unique_ptr<UpstreamConnection> connectionTo(const std::string& host) {
        tcp::socket client(m_io);
        client.connect(m_acceptor.local_endpoint());
        m_serverEnds.push_back(m_acceptor.accept());
        auto connection = std::make_unique<UpstreamConnection>();
        connection->key.host = host;
        connection->key.port = 443;
        connection->key.serverName = host;
        connection->stream = std::make_unique<TcpByteStream>(std::move(client));
        return connection;
    }

    // True when the pool closed the client end of connection `index` (the server reads EOF).
    bool closedByPool(std::size_t index) {
        tcp::socket& server = m_serverEnds.at(index);
        server.non_blocking(true);
        char byte = 0;
        boost::system::error_code error;
        server.read_some(asio::buffer(&byte, 1), error);
        return error == asio::error::eof;
    }

    static UpstreamKey keyFor(const std::string& host) {
        UpstreamKey key;
        key.host = host;
        key.port = 443;
        key.serverName = host;
        return key;
    }

    asio::io_context m_io;
    tcp::acceptor m_acceptor;
    std::vector<tcp::socket> m_serverEnds;
};

TEST_F(UpstreamPoolTest, KeepsAtMostPerKeyClosingTheOldest) {
    UpstreamPool pool(2, 100, std::chrono::seconds(30));
    for (int i = 0; i < 3; ++i)
        pool.giveBack(connectionTo("a.test"));
    EXPECT_EQ(pool.idleCount(), 2u);
    EXPECT_TRUE(closedByPool(0));
    EXPECT_FALSE(closedByPool(1));
    EXPECT_FALSE(closedByPool(2));
}

TEST_F(UpstreamPoolTest, KeepsAtMostTotalClosingTheOldestOfAnyKey) {
    UpstreamPool pool(8, 3, std::chrono::seconds(30));
    pool.giveBack(connectionTo("a.test"));
    std::this_thread::sleep_for(std::chrono::milliseconds(2)); // distinct idle times
    pool.giveBack(connectionTo("b.test"));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    pool.giveBack(connectionTo("c.test"));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    pool.giveBack(connectionTo("d.test"));
    EXPECT_EQ(pool.idleCount(), 3u);
    EXPECT_TRUE(closedByPool(0)); // a.test, the oldest
    EXPECT_EQ(pool.take(keyFor("a.test")), nullptr);
    for (const char* host : {"b.test", "c.test", "d.test"}) {
        auto taken = pool.take(keyFor(host));
        ASSERT_NE(taken, nullptr) << host;
        EXPECT_EQ(taken->key.host, host);
    }
    EXPECT_EQ(pool.idleCount(), 0u);
}

TEST_F(UpstreamPoolTest, TakeSkipsAConnectionTheServerClosed) {
    UpstreamPool pool(8, 8, std::chrono::seconds(30));
    pool.giveBack(connectionTo("a.test"));
    pool.giveBack(connectionTo("a.test"));
    m_serverEnds.at(1).close(); // the newest: tried first, found dead
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto taken = pool.take(keyFor("a.test"));
    ASSERT_NE(taken, nullptr);
    EXPECT_FALSE(closedByPool(0));
    EXPECT_EQ(pool.idleCount(), 0u);
}

TEST_F(UpstreamPoolTest, IdleConnectionsHoldNoReadBuffer) {
    UpstreamPool pool(8, 8, std::chrono::seconds(30));
    auto connection = connectionTo("a.test");
    std::size_t available = 0;
    connection->buffer.prepare(64 * 1024, available); // as after relaying a body
    ASSERT_GE(connection->buffer.capacity(), 64u * 1024u);
    pool.giveBack(std::move(connection));
    auto taken = pool.take(keyFor("a.test"));
    ASSERT_NE(taken, nullptr);
    EXPECT_EQ(taken->buffer.capacity(), 0u);
    char* space = taken->buffer.prepare(16 * 1024, available); // usable again at once
    EXPECT_NE(space, nullptr);
    EXPECT_GE(available, 16u * 1024u);
}

} // namespace
} // namespace flowscope::engine
