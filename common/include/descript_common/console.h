// Standard output as Unix tools treat it. When the reader of a pipe goes away
// (`descript jobs list | head -1`), a program stops quietly with status 0, as ripgrep does,
// instead of dying of SIGPIPE, which fails the pipeline under `set -o pipefail` at random
// (whether the last write comes before or after the reader quits is a matter of timing).
#pragma once

namespace descript_common {

// Call first in main(): writes to a closed pipe then fail with EPIPE instead of raising
// SIGPIPE. The disposition is inherited across exec: a program that starts others gives them
// SIGPIPE back at its default (posix_spawnattr_setsigdefault).
void stop_quietly_when_reader_goes();

// Flushes standard output; exits at once with status 0 when its reader has gone. Call it
// after each piece of output a reader may stop in the middle of (a row, a page).
void flush_output();

} // namespace descript_common
