#include "resend/sender_function.hpp"

#include "client/request_sender.hpp"

namespace flowscope::ui {

ResendFunction resendWith(std::shared_ptr<client::RequestSender> sender) {
    return [sender = std::move(sender)](client::RequestSpec spec, std::function<void(client::SendResult)> done) {
        sender->sendAsync(std::move(spec), std::move(done));
    };
}

} // namespace flowscope::ui
