#include "monitoring/rate_drop.h"

#include <cmath>

namespace edgepost {
namespace {
// Counts multiplied in pairs need more than 64 bits; both compilers have a 128-bit integer.
__extension__ typedef __int128 wide;
}  // namespace

double binomial_cdf(int64_t k, int64_t n, double p) {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  // Summed in log space: the terms of a large n would underflow one by one, not their sum.
  const double log_p = std::log(p), log_q = std::log1p(-p), log_n_factorial = std::lgamma(static_cast<double>(n) + 1);
  double sum = 0;
  for (int64_t i = 0; i <= k; ++i) {
    const double log_term = log_n_factorial - std::lgamma(static_cast<double>(i) + 1) -
                            std::lgamma(static_cast<double>(n - i) + 1) + static_cast<double>(i) * log_p +
                            static_cast<double>(n - i) * log_q;
    sum += std::exp(log_term);
  }
  return sum < 1 ? sum : 1;
}

int64_t rate_window_days(int64_t baseline_trials) {
  return baseline_trials < min_daily_trials_for_one_day_window * baseline_days ? 7 : 1;
}

rate_drop_verdict judge_rate_drop(rate_counts window, rate_counts baseline) {
  rate_drop_verdict v;
  if (window.trials > 0) v.observed = static_cast<double>(window.successes) / static_cast<double>(window.trials);
  if (baseline.trials > 0) v.baseline = static_cast<double>(baseline.successes) / static_cast<double>(baseline.trials);
  if (window.trials < min_trials || baseline.trials <= 0) {
    v.why_not = "too_few";
    return v;
  }
  // The drop in percentage points, compared exactly: (b/B − w/W) × 100 ≥ 10 ⇔ 100(bW − wB) ≥ 10·BW.
  const wide b = baseline.successes, B = baseline.trials, w = window.successes, W = window.trials;
  const wide difference = 100 * (b * W - w * B);
  if (difference <= 0) {
    v.why_not = "no_drop";
    return v;
  }
  if (difference < min_drop_points * B * W) {
    v.why_not = "small_drop";
    return v;
  }
  v.p_value = binomial_cdf(window.successes, window.trials, v.baseline);
  if (!(v.p_value < max_p_value)) {
    v.why_not = "likely_noise";
    return v;
  }
  v.raised = true;
  return v;
}

}  // namespace edgepost
