// SPDX-License-Identifier: Apache-2.0
// ims_sim: the simulation runner (make sim). Runs a scenario file against the
// RTL with the golden model checking every TLP and register read; see
// runner.hpp for what it writes and sim/README.md for the language.
// Exit status: 0 when the model agreed with the RTL everywhere and every
// expect and poll held, 1 otherwise, 2 on a usage or scenario error (then
// nothing ran).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "runner.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return ims::sim::ims_sim_main(args, std::getenv("IMS_SEED"), stdout, stderr);
}
