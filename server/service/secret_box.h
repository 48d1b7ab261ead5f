// SecretBox: authenticated encryption (libsodium secretbox) of secrets that must be
// read back, such as TOTP seeds, with a key kept outside the database.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "libs/base/result.h"

namespace warroom::service {

class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;

  // Loads the key from `path`, creating it (mode 0600, random) when it does not exist.
  // Fails when the file exists but is not a key.
  static Result<SecretBox> FromKeyFile(const std::string& path);
  // A box with a random key, for tests.
  static SecretBox Random();

  // Returns "v1." + base64(nonce || ciphertext).
  std::string Seal(std::string_view plaintext) const;
  // kInvalidArgument when the text was not sealed with this key or was altered.
  Result<std::string> Open(std::string_view sealed) const;

 private:
  explicit SecretBox(const std::array<unsigned char, kKeyBytes>& key) : key_(key) {}
  std::array<unsigned char, kKeyBytes> key_;
};

}  // namespace warroom::service
