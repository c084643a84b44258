#include "client/request_sender.hpp"

#include "client/client_tls.hpp"
#include "client/proxy_exchange.hpp"
#include "platform/thread_name.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <exception>
#include <set>
#include <thread>

namespace flowscope::client {

namespace asio = boost::asio;

struct RequestSender::Impl {
    explicit Impl(const SenderConfig& config) : setupTls(makeClientTlsContext(config.caPem)) {}

    asio::io_context io{1};
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    ClientTlsContext setupTls;
    std::set<ExchangeControl*> active; // touched on the sender thread only
    std::thread thread;
};

RequestSender::RequestSender(SenderConfig config)
    : m_config(std::move(config)), m_impl(std::make_unique<Impl>(m_config)) {
    m_impl->thread = std::thread([impl = m_impl.get()] {
        platform::nameThisThread("fs-client-io");
        impl->io.run();
    });
}

RequestSender::~RequestSender() {
    cancelAll();
    m_impl->work.reset(); // run() returns once the cancelled exchanges have called back
    m_impl->thread.join();
}

void RequestSender::sendAsync(RequestSpec spec, Callback done) {
    Impl& impl = *m_impl;
    auto control = std::make_shared<ExchangeControl>();
    // Registered on the sender thread, before the coroutine starts, so a cancelAll() posted
    // after this call always sees it.
    asio::post(impl.io, [&impl, control] { impl.active.insert(control.get()); });
    ExchangeSetup setup{m_config, impl.setupTls.context ? &*impl.setupTls.context : nullptr, impl.setupTls.error};
    auto exchange = runExchange(setup, std::move(spec), *control);
    asio::co_spawn(impl.io, std::move(exchange),
                   [&impl, control, done = std::move(done)](std::exception_ptr failure, SendResult result) {
                       impl.active.erase(control.get());
                       if (failure) {
                           // Only allocation failures can get here; the callback is still owed.
                           result = SendResult{};
                           try {
                               std::rethrow_exception(failure);
                           } catch (const std::exception& error) {
                               result.error = std::string("internal error: ") + error.what();
                           } catch (...) {
                               result.error = "internal error";
                           }
                       }
                       done(std::move(result));
                   });
}

std::future<SendResult> RequestSender::sendAsync(RequestSpec spec) {
    auto promise = std::make_shared<std::promise<SendResult>>();
    std::future<SendResult> future = promise->get_future();
    sendAsync(std::move(spec), [promise](SendResult result) { promise->set_value(std::move(result)); });
    return future;
}

SendResult RequestSender::send(const RequestSpec& spec) {
    return sendAsync(spec).get();
}

void RequestSender::cancelAll() {
    Impl& impl = *m_impl;
    asio::post(impl.io, [&impl] {
        for (ExchangeControl* control : impl.active)
            control->cancel();
    });
}

} // namespace flowscope::client
