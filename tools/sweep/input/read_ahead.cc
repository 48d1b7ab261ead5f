#include "tools/sweep/input/read_ahead.h"

namespace warroom::sweep {

ReadAhead::ReadAhead(ByteSource& source, size_t capacity, size_t head)
    : source_(source), head_(head) {
  for (Slot& s : slots_) {
    s.data.resize(capacity);
  }
  thread_ = std::thread([this] { Run(); });
}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ReadAhead::Run() {
  // Slots are filled in turn, 0, 1, 0, ...; the consumer takes them in the same order.
  bool first = true;
  for (size_t turn = 0;; turn ^= 1) {
    Slot& slot = slots_[turn];
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || free_[turn]; });
      if (stop_) {
        return;
      }
      free_[turn] = false;
    }
    // The slot is ours until it is marked filled: no lock while decoding.
    Chunk chunk;
    chunk.data = slot.data.data();
    size_t size = first ? 0 : head_;
    first = false;
    const size_t capacity = slot.data.size();
    while (size < capacity) {
      auto n = source_.Read(chunk.data + size, capacity - size);
      if (!n) {
        chunk.status = n.error();
        chunk.end = true;
        break;
      }
      if (*n == 0) {
        chunk.end = true;
        break;
      }
      size += *n;
      // Let a stop request cut a long fill short; the chunk is dropped anyway.
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) {
        return;
      }
    }
    chunk.size = size;
    const bool end = chunk.end;
    {
      std::lock_guard<std::mutex> lock(mu_);
      slot.chunk = std::move(chunk);
      slot.filled = true;
    }
    cv_.notify_all();
    if (end) {
      return;
    }
  }
}

ReadAhead::Chunk ReadAhead::Next() {
  Slot& slot = slots_[next_];
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return slot.filled; });
  slot.filled = false;
  next_ ^= 1;
  return slot.chunk;
}

void ReadAhead::Release(const Chunk& chunk) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < 2; ++i) {
      if (slots_[i].data.data() == chunk.data) {
        free_[i] = true;
      }
    }
  }
  cv_.notify_all();
}

}  // namespace warroom::sweep
