#pragma once
#include <stdexcept>

namespace flowscope::store {

// A HAR file that cannot be read or written, with a readable one-line reason:
// "not a HAR file: syntax error at byte 1", "entry 12: request.url missing".
class HarError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace flowscope::store
