// How an event or a queue names a stored job: its slot in the simulation's job table and the
// slot's generation when the reference was taken (core/job_table.h).
#pragma once

#include <cstdint>

namespace descript_mock {

struct JobRef {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
};

} // namespace descript_mock
