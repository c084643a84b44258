// DiscardingSink (`flowscope-cli proxy --no-record`): every offer is taken, so the engine
// never waits for a store that is not there, and nothing is kept.
#include "store/discarding_sink.hpp"

#include <gtest/gtest.h>

namespace flowscope::store {
namespace {

TEST(DiscardingSinkTest, TakesEverythingAndKeepsNothing) {
    DiscardingSink sink;
    const std::int64_t first = sink.allocateId();
    EXPECT_GT(sink.allocateId(), first);

    std::string piece(512 * 1024, 'x');
    const std::size_t capacity = piece.capacity();
    EXPECT_TRUE(sink.offerBodyChunk(first, 1, 0, piece)) << "a refusal would read as a busy store";
    EXPECT_TRUE(piece.empty());
    EXPECT_EQ(piece.capacity(), capacity) << "the buffer stays with the caller for its next piece";

    std::vector<WebSocketMessage> messages(3);
    EXPECT_TRUE(sink.offerMessages(first, messages));
    EXPECT_TRUE(messages.empty());

    Flow flow;
    flow.id = first;
    flow.responseBody.data = "tail";
    flow.responseBody.spooledChunks = 1;
    sink.publish(std::move(flow));
    sink.publish(Flow{});
    EXPECT_EQ(sink.discardedCount(), 2u);
}

} // namespace
} // namespace flowscope::store
