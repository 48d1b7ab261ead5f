// Clock: the only source of time for core rules, so tests can control it.
#pragma once

#include <chrono>

namespace warroom::ports {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  // Returns the current time (UTC).
  virtual TimePoint Now() const = 0;
};

// The wall clock, for production wiring.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace warroom::ports
