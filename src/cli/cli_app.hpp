#pragma once
#include <ostream>

namespace flowscope::cli {

// Parses the command line and runs the command; output goes to the given streams (tests
// inject string streams). Returns the exit status: 0 ok, 1 runtime error, 2 usage error.
int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace flowscope::cli
