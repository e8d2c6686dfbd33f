// Replays files through a fuzz target without libFuzzer: `target FILE_OR_DIR...` (paths
// that do not exist are skipped; no input at all is an error). The test
// suite runs every target over its kept corpus and regression inputs this way.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

int main(int argc, char **argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    // A target without regression inputs yet has no folder for them.
    if (!std::filesystem::exists(argv[i])) continue;
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto &entry : std::filesystem::recursive_directory_iterator(argv[i]))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else {
      files.emplace_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::cerr << "no inputs\n";
    return 2;
  }
  for (const auto &file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string input(std::istreambuf_iterator<char>(in), {});
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(input.data()), input.size());
  }
  std::cout << files.size() << " inputs replayed\n";
  return 0;
}
