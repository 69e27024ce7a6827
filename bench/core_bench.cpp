// Native side of the core benchmark: runs each case through the same ABI the worker uses and
// prints "<case> <nanoseconds per call>". Inputs come from write_core_inputs.js.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" {
uint8_t* edgepost_input(uint32_t size);
int32_t edgepost_call(uint32_t op, uint32_t size);
uint32_t edgepost_output_len();
}

namespace {

struct bench_case {
  std::string name;
  uint32_t op;
  std::string input;
};

uint32_t read_u32(const std::string& s, size_t at) {
  uint32_t v;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}

int32_t run(const bench_case& c) {
  uint8_t* in = edgepost_input(static_cast<uint32_t>(c.input.size()));
  std::memcpy(in, c.input.data(), c.input.size());
  return edgepost_call(c.op, static_cast<uint32_t>(c.input.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  std::ifstream file(argv[1], std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::vector<bench_case> cases;
  for (size_t at = 0; at + 12 <= data.size();) {
    const uint32_t op = read_u32(data, at), name_length = read_u32(data, at + 4), input_length = read_u32(data, at + 8);
    at += 12;
    cases.push_back({data.substr(at, name_length), op, data.substr(at + name_length, input_length)});
    at += name_length + input_length;
  }
  run(cases.at(0));  // configure
  // Profiling mode: `core_bench inputs <case> <calls>` runs one case a fixed number of times
  // (for callgrind, which counts instructions instead of timing).
  if (argc >= 4) {
    for (const auto& c : cases)
      if (c.name == argv[2])
        for (long n = std::atol(argv[3]); n > 0; --n) run(c);
    return 0;
  }
  for (size_t i = 1; i < cases.size(); ++i) {
    const auto& c = cases[i];
    if (run(c) < 0) {
      std::printf("%s failed\n", c.name.c_str());
      return 1;
    }
    // Enough calls for about 0.3 s, at least 20.
    const auto probe_start = std::chrono::steady_clock::now();
    run(c);
    const double probe = std::chrono::duration<double>(std::chrono::steady_clock::now() - probe_start).count();
    const long iterations = std::max(20L, static_cast<long>(0.3 / std::max(probe, 1e-7)));
    const auto start = std::chrono::steady_clock::now();
    for (long n = 0; n < iterations; ++n) run(c);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s %.0f\n", c.name.c_str(), seconds / iterations * 1e9);
  }
  return 0;
}
