#include "tools/sweep/input/file_hasher.h"

#include <gtest/gtest.h>

namespace warroom::sweep {
namespace {

TEST(FileHasherTest, KnownDigestsAndReuse) {
  FileHasher h;
  h.Update("a", 1);
  h.Update("bc", 2);
  FileDigests d = h.Finish();
  EXPECT_EQ(d.md5, "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(d.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(d.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  FileDigests empty = h.Finish();
  EXPECT_EQ(empty.md5, "d41d8cd98f00b204e9800998ecf8427e");
}

}  // namespace
}  // namespace warroom::sweep
