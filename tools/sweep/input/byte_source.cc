#include "tools/sweep/input/byte_source.h"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "tools/sweep/input/file_hasher.h"

namespace warroom::sweep {
namespace {

constexpr size_t kInputBuffer = size_t{256} << 10;

// The shared part of the decoders: an input buffer that starts with the bytes already
// read to detect the encoding, the limits, and an error kept until the bytes decoded
// before it have been handed out.
class DecoderBase : public ByteSource {
 public:
  DecoderBase(std::unique_ptr<RawReader> raw, std::string head, const DecodeLimits& limits)
      : raw_(std::move(raw)), limits_(limits), in_(std::max(kInputBuffer, head.size())) {
    std::memcpy(in_.data(), head.data(), head.size());
    in_len_ = head.size();
    raw_bytes_ = head.size();
  }
  uint64_t RawBytes() const override { return raw_bytes_; }

 protected:
  // Refills the input buffer when it is used up. Returns false at the end of the input.
  Result<bool> Refill() {
    if (in_pos_ < in_len_) {
      return true;
    }
    if (raw_eof_) {
      return false;
    }
    WR_ASSIGN_OR_RETURN(const size_t n, raw_->Read(in_.data(), in_.size()));
    in_pos_ = 0;
    in_len_ = n;
    raw_bytes_ += n;
    if (n == 0) {
      raw_eof_ = true;
    }
    return n != 0;
  }

  Status CheckLimits() const {
    if (out_total_ > limits_.max_output) {
      return Error::PreconditionFailed("decompression bomb: output exceeds the size limit of " +
                                       std::to_string(limits_.max_output) + " bytes");
    }
    if (out_total_ > limits_.ratio_floor &&
        static_cast<double>(out_total_) >
            limits_.max_ratio * static_cast<double>(std::max<uint64_t>(raw_bytes_, 1))) {
      return Error::PreconditionFailed("decompression bomb: ratio above " +
                                       std::to_string(static_cast<int64_t>(limits_.max_ratio)) +
                                       ":1");
    }
    return Ok();
  }

  // Hands out `produced` bytes, then the pending error on the next call.
  Result<size_t> Finish(size_t produced, std::optional<Error> error) {
    out_total_ += produced;
    if (!error) {
      auto limit = CheckLimits();
      if (!limit) {
        error = limit.error();
      }
    }
    if (error) {
      failed_ = true;
      if (produced > 0) {
        pending_ = std::move(error);
        return produced;
      }
      return *error;
    }
    return produced;
  }

  // Returns the kept error, if any, for the start of Read().
  std::optional<Error> TakePending() {
    if (pending_) {
      std::optional<Error> e = std::move(pending_);
      pending_.reset();
      return e;
    }
    return std::nullopt;
  }

  std::unique_ptr<RawReader> raw_;
  DecodeLimits limits_;
  std::vector<char> in_;
  size_t in_pos_ = 0;
  size_t in_len_ = 0;
  bool raw_eof_ = false;
  bool failed_ = false;
  bool done_ = false;
  uint64_t raw_bytes_ = 0;
  uint64_t out_total_ = 0;
  std::optional<Error> pending_;
};

class PlainSource : public ByteSource {
 public:
  PlainSource(std::unique_ptr<RawReader> raw, std::string head)
      : raw_(std::move(raw)), head_(std::move(head)), raw_bytes_(head_.size()) {}
  Encoding SourceEncoding() const override { return Encoding::kPlain; }
  uint64_t RawBytes() const override { return raw_bytes_; }
  Result<size_t> Read(char* dst, size_t cap) override {
    if (head_pos_ < head_.size()) {
      const size_t n = std::min(cap, head_.size() - head_pos_);
      std::memcpy(dst, head_.data() + head_pos_, n);
      head_pos_ += n;
      return n;
    }
    WR_ASSIGN_OR_RETURN(const size_t n, raw_->Read(dst, cap));
    raw_bytes_ += n;
    return n;
  }

 private:
  std::unique_ptr<RawReader> raw_;
  std::string head_;
  size_t head_pos_ = 0;
  uint64_t raw_bytes_;
};

class GzipSource : public DecoderBase {
 public:
  GzipSource(std::unique_ptr<RawReader> raw, std::string head, const DecodeLimits& limits)
      : DecoderBase(std::move(raw), std::move(head), limits) {
    std::memset(&zs_, 0, sizeof(zs_));
    ok_ = inflateInit2(&zs_, 16 + MAX_WBITS) == Z_OK;
  }
  ~GzipSource() override {
    if (ok_) {
      inflateEnd(&zs_);
    }
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;
  Encoding SourceEncoding() const override { return Encoding::kGzip; }

  Result<size_t> Read(char* dst, size_t cap) override {
    if (auto e = TakePending()) {
      return *e;
    }
    if (!ok_) {
      return Error::Internal("zlib initialisation failed");
    }
    if (failed_ || done_ || cap == 0) {
      return size_t{0};
    }
    size_t produced = 0;
    std::optional<Error> error;
    while (produced < cap) {
      auto more = Refill();
      if (!more) {
        error = more.error();
        break;
      }
      if (!*more) {
        if (in_member_) {
          error = Error::InvalidArgument("truncated gzip data");
        }
        done_ = true;
        break;
      }
      if (!in_member_) {
        // Between members: another member, zero padding, or junk.
        const char c = in_[in_pos_];
        if (c == '\0') {
          ++in_pos_;
          continue;
        }
        if (static_cast<unsigned char>(c) != 0x1f) {
          error = Error::InvalidArgument("trailing garbage after gzip data");
          done_ = true;
          break;
        }
        inflateReset(&zs_);
        in_member_ = true;
      }
      zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
      zs_.avail_in = static_cast<uInt>(in_len_ - in_pos_);
      zs_.next_out = reinterpret_cast<Bytef*>(dst + produced);
      zs_.avail_out = static_cast<uInt>(std::min<size_t>(cap - produced, 1u << 30));
      const uInt before_out = zs_.avail_out;
      const int ret = inflate(&zs_, Z_NO_FLUSH);
      in_pos_ = in_len_ - zs_.avail_in;
      produced += before_out - zs_.avail_out;
      if (ret == Z_STREAM_END) {
        in_member_ = false;
      } else if (ret == Z_BUF_ERROR) {
        if (zs_.avail_in != 0 && zs_.avail_out != 0) {
          error = Error::InvalidArgument("corrupt gzip data");
          break;
        }
      } else if (ret != Z_OK) {
        error = Error::InvalidArgument(std::string("corrupt gzip data: ") +
                                       (zs_.msg != nullptr ? zs_.msg : "inflate failed"));
        break;
      }
      if (produced > 0 && produced >= cap / 2) {
        break;
      }
    }
    return Finish(produced, std::move(error));
  }

 private:
  z_stream zs_;
  bool ok_ = false;
  bool in_member_ = true;
};

class ZstdSource : public DecoderBase {
 public:
  ZstdSource(std::unique_ptr<RawReader> raw, std::string head, const DecodeLimits& limits)
      : DecoderBase(std::move(raw), std::move(head), limits), dctx_(ZSTD_createDCtx()) {}
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;
  Encoding SourceEncoding() const override { return Encoding::kZstd; }

  Result<size_t> Read(char* dst, size_t cap) override {
    if (auto e = TakePending()) {
      return *e;
    }
    if (dctx_ == nullptr) {
      return Error::Internal("zstd initialisation failed");
    }
    if (failed_ || done_ || cap == 0) {
      return size_t{0};
    }
    size_t produced = 0;
    std::optional<Error> error;
    while (produced < cap) {
      auto more = Refill();
      if (!more) {
        error = more.error();
        break;
      }
      ZSTD_inBuffer in{in_.data() + in_pos_, in_len_ - in_pos_, 0};
      ZSTD_outBuffer out{dst + produced, cap - produced, 0};
      if (!*more) {
        // No input left: flush what the decoder holds; an unfinished frame is truncated.
        if (frame_open_) {
          const size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
          produced += out.pos;
          if (ZSTD_isError(ret) != 0) {
            error =
                Error::InvalidArgument(std::string("corrupt zstd data: ") + ZSTD_getErrorName(ret));
            break;
          }
          frame_open_ = ret != 0;
          if (out.pos > 0) {
            continue;
          }
          if (frame_open_) {
            error = Error::InvalidArgument("truncated zstd data");
          }
        }
        done_ = true;
        break;
      }
      const size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
      in_pos_ += in.pos;
      produced += out.pos;
      if (ZSTD_isError(ret) != 0) {
        error = Error::InvalidArgument(std::string("corrupt zstd data: ") + ZSTD_getErrorName(ret));
        break;
      }
      frame_open_ = ret != 0;
      if (produced > 0 && produced >= cap / 2) {
        break;
      }
    }
    return Finish(produced, std::move(error));
  }

 private:
  ZSTD_DCtx* dctx_;
  bool frame_open_ = true;
};

}  // namespace

FdReader::~FdReader() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

Result<size_t> FdReader::Read(char* dst, size_t cap) {
  while (true) {
    const ssize_t n = ::read(fd_, dst, cap);
    if (n >= 0) {
      if (hasher_ != nullptr && n > 0) {
        hasher_->Update(dst, static_cast<size_t>(n));
      }
      return static_cast<size_t>(n);
    }
    if (errno == EINTR) {
      continue;
    }
    return Error::Unavailable(std::string("read failed: ") + std::strerror(errno));
  }
}

Result<size_t> MemoryReader::Read(char* dst, size_t cap) {
  const size_t n = std::min(cap, data_.size());
  if (n > 0) {
    std::memcpy(dst, data_.data(), n);
  }
  data_.remove_prefix(n);
  return n;
}

const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kPlain:
      return "plain";
    case Encoding::kGzip:
      return "gzip";
    case Encoding::kZstd:
      return "zstd";
  }
  return "plain";
}

Encoding DetectEncoding(std::string_view head) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 3 && b(0) == 0x1f && b(1) == 0x8b && b(2) == 0x08) {
    return Encoding::kGzip;
  }
  if (head.size() >= 4) {
    const uint32_t magic = b(0) | (b(1) << 8) | (b(2) << 16) | (uint32_t{b(3)} << 24);
    if (magic == 0xFD2FB528u) {
      return Encoding::kZstd;
    }
    // A skippable frame (0x184D2A50..5F) that starts a zstd file.
    if ((magic & 0xFFFFFFF0u) == 0x184D2A50u) {
      return Encoding::kZstd;
    }
  }
  return Encoding::kPlain;
}

Result<std::unique_ptr<ByteSource>> OpenDecoder(std::unique_ptr<RawReader> raw,
                                                const DecodeLimits& limits) {
  // Read a few bytes to see the magic number; they become the start of the stream.
  std::string head(4, '\0');
  size_t have = 0;
  while (have < head.size()) {
    WR_ASSIGN_OR_RETURN(const size_t n, raw->Read(head.data() + have, head.size() - have));
    if (n == 0) {
      break;
    }
    have += n;
  }
  head.resize(have);
  std::unique_ptr<ByteSource> source;
  switch (DetectEncoding(head)) {
    case Encoding::kGzip:
      source = std::make_unique<GzipSource>(std::move(raw), std::move(head), limits);
      break;
    case Encoding::kZstd:
      source = std::make_unique<ZstdSource>(std::move(raw), std::move(head), limits);
      break;
    case Encoding::kPlain:
      source = std::make_unique<PlainSource>(std::move(raw), std::move(head));
      break;
  }
  return source;
}

}  // namespace warroom::sweep
