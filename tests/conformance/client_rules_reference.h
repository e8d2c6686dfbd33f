// The oracle of client_rules_equivalence_test.cpp: the six rules every client owes the API,
// as the harness judged them before they moved into the mock, in their order.
#pragma once

#include <vector>

#include "client_rules.h"

namespace reference {

std::vector<descript_conformance::CheckResult>
judge(const descript_conformance::Expectations &expect,
      const descript_conformance::Observed &observed);

} // namespace reference
