#include <catch2/catch.hpp>

#include "monitoring/rate_drop.h"

using namespace edgepost;

// The expected probabilities were worked out outside the core (Python's exact math.comb sums).
TEST_CASE("the binomial tail matches an exact sum") {
  CHECK(binomial_cdf(13, 20, 0.9) == Approx(0.0023860894089661137).epsilon(1e-9));
  CHECK(binomial_cdf(14, 20, 0.9) == Approx(0.01125313416450899).epsilon(1e-9));
  CHECK(binomial_cdf(69, 100, 0.8) == Approx(0.006059335481042959).epsilon(1e-9));
  CHECK(binomial_cdf(70, 100, 0.8) == Approx(0.0112489787209916).epsilon(1e-9));
  CHECK(binomial_cdf(20, 20, 0.5) == 1);
  CHECK(binomial_cdf(5, 20, 1.0) == 0);
  CHECK(binomial_cdf(0, 20, 0.0) == 1);
}

TEST_CASE("a rate drop is raised only with enough trials, a drop of 10 points and p under 0.01") {
  struct row {
    const char* name;
    rate_counts window;
    rate_counts baseline;
    bool raised;
    const char* why_not;
  };
  const row table[] = {
      // n = 19 against 20, the same collapse.
      {"19 trials", {0, 19}, {900, 1000}, false, "too_few"},
      {"20 trials", {0, 20}, {900, 1000}, true, ""},
      // p just under and just over 0.01 (baseline 90%, 20 trials; baseline 80%, 100 trials).
      {"p 0.0024", {13, 20}, {900, 1000}, true, ""},
      {"p 0.0113", {14, 20}, {900, 1000}, false, "likely_noise"},
      {"p 0.0061", {69, 100}, {800, 1000}, true, ""},
      {"p 0.0112", {70, 100}, {800, 1000}, false, "likely_noise"},
      // 9 points against 10, with so many trials that p is tiny either way.
      {"9 points", {41'000, 100'000}, {500'000, 1'000'000}, false, "small_drop"},
      {"10 points", {40'000, 100'000}, {500'000, 1'000'000}, true, ""},
      {"no drop", {95, 100}, {900, 1000}, false, "no_drop"},
      {"no baseline", {0, 100}, {0, 0}, false, "too_few"},
  };
  for (const auto& t : table) {
    INFO(t.name);
    const rate_drop_verdict v = judge_rate_drop(t.window, t.baseline);
    CHECK(v.raised == t.raised);
    CHECK(v.why_not == t.why_not);
  }
}

TEST_CASE("the window is a day once the baseline sees 20 trials a day, else a week") {
  CHECK(rate_window_days(19 * 28) == 7);
  CHECK(rate_window_days(20 * 28 - 1) == 7);
  CHECK(rate_window_days(20 * 28) == 1);
  CHECK(rate_window_days(5000 * 28) == 1);
}
