// Whether a rate has dropped enough to page the merchant (the design card's contract,
// "Reconciliation and monitoring": capture_drop = accepted ÷ attributed, click_capture_drop = attributed ÷ orders,
// reconciliation_gap = matched ÷ accepted). A drop is raised only when all three hold, so a shop
// with 5 orders a day is not paged on noise and one with 5,000 is paged within the hour:
//   * the window has at least min_trials trials;
//   * the window's rate is at least min_drop_points percentage points under the baseline's;
//   * seeing that few successes is unlikely if the baseline rate still held: the one-sided
//     binomial probability P(X ≤ successes | trials, baseline rate) is under max_p_value.
// Statistics, not money: the probability is a double.
#pragma once
#include <cstdint>
#include <string>

namespace edgepost {

constexpr int64_t min_trials = 20;
constexpr int64_t min_drop_points = 10;
constexpr double max_p_value = 0.01;
// The window is the last 24 hours, or the last 7 days when the baseline saw fewer than this many
// trials a day (too few for a day to say anything).
constexpr int64_t min_daily_trials_for_one_day_window = 20;
// The baseline: the 28 days before the window.
constexpr int64_t baseline_days = 28;

struct rate_counts {
  int64_t successes = 0;
  int64_t trials = 0;
};

struct rate_drop_verdict {
  bool raised = false;
  double observed = 0;   // the window's rate
  double baseline = 0;   // the baseline's rate
  double p_value = 1;    // P(X ≤ successes) under the baseline rate
  std::string why_not;   // when not raised: too_few, no_drop, small_drop or likely_noise
};

rate_drop_verdict judge_rate_drop(rate_counts window, rate_counts baseline);

// 1 or 7: how many days the window spans, given the baseline's trials over its 28 days.
int64_t rate_window_days(int64_t baseline_trials);

// P(X ≤ k) for X ~ Binomial(n, p).
double binomial_cdf(int64_t k, int64_t n, double p);

}  // namespace edgepost
