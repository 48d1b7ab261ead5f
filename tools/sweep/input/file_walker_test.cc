#include "tools/sweep/input/file_walker.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "tools/sweep/testing/temp_dir.h"

namespace warroom::sweep {
namespace {

bool HasProblem(const WalkResult& r, std::string_view text) {
  return std::any_of(r.problems.begin(), r.problems.end(), [&](const WalkProblem& p) {
    return p.message.find(text) != std::string::npos;
  });
}

TEST(FileWalkerTest, WalksRecursivelyInNameOrder) {
  testing::TempDir dir;
  testing::WriteFile(dir / "b/2.log", "x");
  testing::WriteFile(dir / "b/1.log", "x");
  testing::WriteFile(dir / "a.log", "xy");
  testing::WriteFile(dir / "c/d/e/deep.log.gz", "x");
  WalkResult r = WalkPaths({dir.Path()});
  ASSERT_EQ(r.files.size(), 4u);
  EXPECT_EQ(r.files[0].path, dir / "a.log");
  EXPECT_EQ(r.files[0].size, 2u);
  EXPECT_EQ(r.files[1].path, dir / "b/1.log");
  EXPECT_EQ(r.files[3].path, dir / "c/d/e/deep.log.gz");
  EXPECT_TRUE(r.problems.empty());
}

TEST(FileWalkerTest, SymlinkLoopsAndDanglingLinksAreReported) {
  testing::TempDir dir;
  testing::WriteFile(dir / "logs/app.log", "x");
  ASSERT_EQ(::symlink(dir.Path().c_str(), (dir / "logs/loop").c_str()), 0);
  ASSERT_EQ(::symlink((dir / "nowhere").c_str(), (dir / "logs/dangling").c_str()), 0);
  ASSERT_EQ(::symlink("self", (dir / "logs/self").c_str()), 0);
  WalkResult r = WalkPaths({dir.Path()});
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "loop"));
  EXPECT_TRUE(HasProblem(r, "dangling"));
  EXPECT_EQ(r.problems.size(), 3u);
}

TEST(FileWalkerTest, SameFileThroughTwoPathsIsScannedOnce) {
  testing::TempDir dir;
  testing::WriteFile(dir / "real/app.log", "x");
  ASSERT_EQ(::symlink((dir / "real").c_str(), (dir / "alias").c_str()), 0);
  WalkResult r = WalkPaths({dir.Path(), dir / "real/app.log"});
  EXPECT_EQ(r.files.size(), 1u);
  EXPECT_TRUE(r.problems.empty());
}

TEST(FileWalkerTest, MissingPathsAndUnreadableFoldersAreReported) {
  testing::TempDir dir;
  WalkResult r = WalkPaths({dir / "missing"});
  EXPECT_TRUE(r.files.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  if (::geteuid() != 0) {  // root reads everything
    testing::WriteFile(dir / "closed/x.log", "x");
    ::chmod((dir / "closed").c_str(), 0);
    WalkResult c = WalkPaths({dir / "closed"});
    EXPECT_EQ(c.problems.size(), 1u);
    ::chmod((dir / "closed").c_str(), 0700);
  }
}

TEST(FileWalkerTest, SpecialFilesAreSkipped) {
  testing::TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  WalkResult r = WalkPaths({dir.Path()});
  EXPECT_TRUE(r.files.empty());
  EXPECT_EQ(r.skipped_special, 1u);
}

}  // namespace
}  // namespace warroom::sweep
