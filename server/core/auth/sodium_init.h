// One-time libsodium initialisation shared by every auth building block.
#pragma once

#include "libs/base/result.h"

namespace warroom::core::auth {

// Initialises libsodium exactly once per process (thread-safe; later calls are cheap).
// Returns kInternal if libsodium cannot initialise (no usable entropy source); callers
// must not use libsodium's random or hashing functions in that case.
Status EnsureSodiumInitialized();

}  // namespace warroom::core::auth
