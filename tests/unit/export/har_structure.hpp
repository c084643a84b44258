#pragma once
// A structural HAR 1.2 checker written from the spec
// (http://www.softwareishard.com/blog/har-12-spec/): required fields present with the
// right JSON types, timings in range, and every field the spec does not define starting
// with '_' ("Custom Fields"). It returns the problems as "log.entries[3].request.url:
// missing" lines, so a test failure shows all of them at once.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace flowscope::store::test {

std::vector<std::string> harStructureProblems(const nlohmann::json& har);

} // namespace flowscope::store::test
