#include "cli/cli_app.hpp"

#include <iostream>

int main(int argc, char** argv) { return flowscope::cli::runCli(argc, argv, std::cout, std::cerr); }
