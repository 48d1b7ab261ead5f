#include "server/core/auth/sodium_init.h"

#include <sodium.h>

namespace warroom::core::auth {

Status EnsureSodiumInitialized() {
  // A function-local static is initialised once even under concurrent first calls.
  // sodium_init() returns 0 on first success and 1 if it was already initialised.
  static const bool initialized = sodium_init() >= 0;
  if (!initialized) {
    return Error::Internal("libsodium could not be initialised");
  }
  return Ok();
}

}  // namespace warroom::core::auth
