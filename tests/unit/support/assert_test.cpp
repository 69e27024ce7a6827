#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include "encoding/json_writer.h"
#include "support/assert.h"

using namespace edgepost;

namespace {
// Runs `bug` in a child process and tells whether it aborted.
template <typename F>
bool aborts(F bug) {
  const pid_t child = fork();
  if (child == 0) {
    std::freopen("/dev/null", "w", stderr);
    std::freopen("/dev/null", "w", stdout);
    // Catch's own fatal-signal handler would report the abort as a failure of this test.
    std::signal(SIGABRT, SIG_DFL);
    bug();
    std::_Exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}
}  // namespace

// Bugs and bad input shared one path; json_writer popped an empty stack.
TEST_CASE("a failed assertion stops a native build at the bug, and a held one does nothing") {
  CHECK(aborts([] { EDGEPOST_ASSERT(1 + 1 == 3); }));
  CHECK(aborts([] {
    json_writer out;
    out.end_object();  // an end without its begin
  }));
  CHECK_FALSE(aborts([] { EDGEPOST_ASSERT(1 + 1 == 2); }));
}
