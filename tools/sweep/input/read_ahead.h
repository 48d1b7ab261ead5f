// ReadAhead: decodes a ByteSource on a thread of its own into two alternating buffers,
// so that decoding (gzip, zstd, or reading) and matching run on two cores at once when
// there are fewer files than cores. The consumer holds at most one buffer; the reader
// fills the other meanwhile.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "libs/base/result.h"
#include "tools/sweep/input/byte_source.h"

namespace warroom::sweep {

class ReadAhead {
 public:
  // A filled buffer: bytes [head, size) are new (from 0 in the first buffer); the
  // consumer may write into [0, head), for instance context from the buffer before. `end` is set on
  // the last buffer, with the source's error if it failed; the bytes read before a failure are
  // still in the buffer.
  struct Chunk {
    char* data = nullptr;
    size_t size = 0;
    bool end = false;
    Status status;
  };

  // Starts reading `source` (which must outlive this object) into two buffers of
  // `capacity` bytes, each filled up to capacity or the end of the source: the first
  // from offset 0, later ones from offset `head`.
  ReadAhead(ByteSource& source, size_t capacity, size_t head);
  // Stops the reader after its current Read() and joins it.
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Waits for the next filled buffer. Must not be called again after a Chunk with `end`.
  Chunk Next();
  // Hands a buffer returned by Next() back to the reader.
  void Release(const Chunk& chunk);

 private:
  struct Slot {
    std::vector<char> data;
    bool filled = false;  // guarded by mu_
    Chunk chunk;          // guarded by mu_ while filled
  };

  void Run();

  ByteSource& source_;
  size_t head_;
  Slot slots_[2];
  std::mutex mu_;
  std::condition_variable cv_;
  bool free_[2] = {true, true};  // guarded by mu_: the reader may fill it
  size_t next_ = 0;              // consumer: the slot Next() returns
  bool stop_ = false;            // guarded by mu_
  std::thread thread_;
};

}  // namespace warroom::sweep
