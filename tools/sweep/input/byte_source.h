// Byte sources: raw readers (a file descriptor, or memory) and the decoders on top of
// them. OpenDecoder() looks at the first bytes and picks plain, gzip (zlib inflate,
// multi-member) or zstd (streaming, multi-frame), whatever the file name says.
// Decoders enforce the decompression-bomb limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "libs/base/result.h"

namespace warroom::sweep {

class FileHasher;

// Where undecoded bytes come from.
class RawReader {
 public:
  virtual ~RawReader() = default;
  // Reads up to `cap` bytes; returns 0 at the end. Fails with kUnavailable on I/O errors.
  virtual Result<size_t> Read(char* dst, size_t cap) = 0;
};

// Reads a file descriptor it owns; feeds every byte read to `hasher` when given.
class FdReader : public RawReader {
 public:
  FdReader(int fd, FileHasher* hasher) : fd_(fd), hasher_(hasher) {}
  ~FdReader() override;
  FdReader(const FdReader&) = delete;
  FdReader& operator=(const FdReader&) = delete;
  Result<size_t> Read(char* dst, size_t cap) override;

 private:
  int fd_;
  FileHasher* hasher_;
};

// Reads from memory that outlives it (tests and fuzzing).
class MemoryReader : public RawReader {
 public:
  explicit MemoryReader(std::string_view data) : data_(data) {}
  Result<size_t> Read(char* dst, size_t cap) override;

 private:
  std::string_view data_;
};

enum class Encoding : uint8_t { kPlain, kGzip, kZstd };
const char* EncodingName(Encoding e);

// Detects the encoding from the magic bytes at the start of a stream.
Encoding DetectEncoding(std::string_view head);

// Limits against decompression bombs. A stream fails with kPreconditionFailed once it
// has produced more than max_output bytes, or more than ratio_floor bytes at a ratio
// above max_ratio (decoded bytes per compressed byte consumed).
struct DecodeLimits {
  double max_ratio = 1000.0;
  uint64_t max_output = uint64_t{100} << 30;  // 100 GiB
  uint64_t ratio_floor = uint64_t{16} << 20;  // 16 MiB
};

// A stream of decoded bytes.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `cap` decoded bytes; returns 0 at the end of the stream. Fails with
  // kInvalidArgument on corrupt or truncated data, kPreconditionFailed when a limit is
  // exceeded, kUnavailable on read errors. Bytes decoded before a failure are returned
  // by earlier calls, so a caller can scan them before it sees the error.
  virtual Result<size_t> Read(char* dst, size_t cap) = 0;
  virtual Encoding SourceEncoding() const = 0;
  // Undecoded bytes consumed so far.
  virtual uint64_t RawBytes() const = 0;
};

// Wraps `raw` in the decoder its first bytes call for.
Result<std::unique_ptr<ByteSource>> OpenDecoder(std::unique_ptr<RawReader> raw,
                                                const DecodeLimits& limits);

}  // namespace warroom::sweep
