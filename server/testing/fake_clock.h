// FakeClock: a Clock that moves only when a test advances it.
#pragma once

#include <chrono>

#include "server/ports/clock.h"

namespace warroom::testing {

class FakeClock final : public ports::Clock {
 public:
  explicit FakeClock(ports::TimePoint start = ports::TimePoint(std::chrono::seconds(1'700'000'000)))
      : now_(start) {}
  ports::TimePoint Now() const override { return now_; }
  void Advance(std::chrono::system_clock::duration d) { now_ += d; }
  void Set(ports::TimePoint t) { now_ = t; }

 private:
  ports::TimePoint now_;
};

}  // namespace warroom::testing
