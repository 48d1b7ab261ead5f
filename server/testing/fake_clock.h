// FakeClock: a Clock that moves only when a test advances it.
#pragma once

#include <atomic>
#include <chrono>

#include "server/ports/clock.h"

namespace warroom::testing {

// Thread-safe: a server's threads may read it while the test moves it.
class FakeClock final : public ports::Clock {
 public:
  explicit FakeClock(ports::TimePoint start = ports::TimePoint(std::chrono::seconds(1'700'000'000)))
      : now_(start) {}
  ports::TimePoint Now() const override { return now_.load(); }
  void Advance(std::chrono::system_clock::duration d) { now_.store(now_.load() + d); }
  void Set(ports::TimePoint t) { now_.store(t); }

 private:
  std::atomic<ports::TimePoint> now_;
};

}  // namespace warroom::testing
