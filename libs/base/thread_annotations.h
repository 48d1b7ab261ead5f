// Clang thread-safety annotations (compare leveldb port/thread_annotations.h) and a Mutex
// that carries them: libstdc++'s std::mutex is not annotated. No-ops on other compilers.
#pragma once

#include <mutex>

#if defined(__clang__)
#define WR_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define WR_THREAD_ANNOTATION(x)
#endif

#define WR_CAPABILITY(x) WR_THREAD_ANNOTATION(capability(x))
#define WR_SCOPED_CAPABILITY WR_THREAD_ANNOTATION(scoped_lockable)
#define WR_GUARDED_BY(x) WR_THREAD_ANNOTATION(guarded_by(x))
#define WR_REQUIRES(...) WR_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define WR_EXCLUDES(...) WR_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define WR_ACQUIRE(...) WR_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define WR_RELEASE(...) WR_THREAD_ANNOTATION(release_capability(__VA_ARGS__))

namespace warroom::delivery {

class WR_CAPABILITY("mutex") Mutex {
 public:
  void lock() WR_ACQUIRE() { mu_.lock(); }      // NOLINT(readability-identifier-naming)
  void unlock() WR_RELEASE() { mu_.unlock(); }  // NOLINT(readability-identifier-naming)

 private:
  std::mutex mu_;
};

// Holds a Mutex for a scope; usable with std::condition_variable_any.
class WR_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) WR_ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~MutexLock() WR_RELEASE() { mu_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // BasicLockable, for condition_variable_any::wait.
  void lock() WR_ACQUIRE() { mu_.lock(); }      // NOLINT(readability-identifier-naming)
  void unlock() WR_RELEASE() { mu_.unlock(); }  // NOLINT(readability-identifier-naming)

 private:
  Mutex& mu_;
};

}  // namespace warroom::delivery
