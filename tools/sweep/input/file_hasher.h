// FileHasher: MD5, SHA-1 and SHA-256 of a file's bytes in one pass (OpenSSL EVP), fed
// by the reader while the content is scanned.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <string>

namespace warroom::sweep {

struct FileDigests {
  std::string md5;  // lower-case hex
  std::string sha1;
  std::string sha256;
};

class FileHasher {
 public:
  FileHasher();
  ~FileHasher();
  FileHasher(const FileHasher&) = delete;
  FileHasher& operator=(const FileHasher&) = delete;

  void Update(const char* data, size_t size);
  // Returns the digests of everything passed to Update() since the last Finish().
  FileDigests Finish();

 private:
  EVP_MD_CTX* md5_;
  EVP_MD_CTX* sha1_;
  EVP_MD_CTX* sha256_;
};

}  // namespace warroom::sweep
