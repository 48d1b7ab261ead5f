#include "tools/sweep/input/file_hasher.h"

namespace warroom::sweep {
namespace {

std::string Hex(const unsigned char* d, unsigned int n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size_t{n} * 2, '0');
  for (unsigned int i = 0; i < n; ++i) {
    out[size_t{i} * 2] = kDigits[d[i] >> 4];
    out[size_t{i} * 2 + 1] = kDigits[d[i] & 15];
  }
  return out;
}

std::string Final(EVP_MD_CTX* ctx, const EVP_MD* md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_DigestInit_ex(ctx, md, nullptr);
  return Hex(digest, len);
}

}  // namespace

FileHasher::FileHasher()
    : md5_(EVP_MD_CTX_new()), sha1_(EVP_MD_CTX_new()), sha256_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(md5_, EVP_md5(), nullptr);
  EVP_DigestInit_ex(sha1_, EVP_sha1(), nullptr);
  EVP_DigestInit_ex(sha256_, EVP_sha256(), nullptr);
}

FileHasher::~FileHasher() {
  EVP_MD_CTX_free(md5_);
  EVP_MD_CTX_free(sha1_);
  EVP_MD_CTX_free(sha256_);
}

void FileHasher::Update(const char* data, size_t size) {
  EVP_DigestUpdate(md5_, data, size);
  EVP_DigestUpdate(sha1_, data, size);
  EVP_DigestUpdate(sha256_, data, size);
}

FileDigests FileHasher::Finish() {
  FileDigests d;
  d.md5 = Final(md5_, EVP_md5());
  d.sha1 = Final(sha1_, EVP_sha1());
  d.sha256 = Final(sha256_, EVP_sha256());
  return d;
}

}  // namespace warroom::sweep
