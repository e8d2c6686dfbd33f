#include "commands.h"

namespace descript_program {

Command status_command(CLI::App &app) {
  auto *cli = app.add_subcommand("status", "Check the token and that the API answers");
  auto run = [](Session &session) -> int {
    const auto status = session.client.status();
    if (!status) return session.out.fail(status.error());
    session.out.status(session.options.base_url, *status);
    return success;
  };
  return {cli, run};
}

} // namespace descript_program
