#include "tools/sweep/input/file_walker.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

namespace warroom::sweep {
namespace {

using DevIno = std::pair<uint64_t, uint64_t>;

DevIno IdOf(const struct stat& st) {
  return {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
}

std::string Join(const std::string& dir, const char* name) {
  if (!dir.empty() && dir.back() == '/') {
    return dir + name;
  }
  return dir + "/" + name;
}

class Walker {
 public:
  explicit Walker(WalkResult* out) : out_(out) {}

  void Visit(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      const int err = errno;
      struct stat lst {};
      if (err == ELOOP) {
        Problem(path, "symbolic link loop");
      } else if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
        Problem(path, "dangling symbolic link");
      } else {
        Problem(path, std::strerror(err));
      }
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      WalkDirectory(path, st);
    } else if (S_ISREG(st.st_mode)) {
      if (!seen_files_.insert(IdOf(st)).second) {
        return;  // same file through another link
      }
      out_->files.push_back(WalkedFile{path, static_cast<uint64_t>(st.st_size)});
    } else {
      ++out_->skipped_special;
    }
  }

 private:
  void WalkDirectory(const std::string& path, const struct stat& st) {
    const DevIno id = IdOf(st);
    if (std::find(stack_.begin(), stack_.end(), id) != stack_.end()) {
      Problem(path, "symbolic link loop (directory already being walked)");
      return;
    }
    if (!seen_dirs_.insert(id).second) {
      return;  // reached before through another link
    }
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) {
      Problem(path, std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* e = ::readdir(dir)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) {
        continue;
      }
      names.emplace_back(e->d_name);
    }
    if (errno != 0) {
      Problem(path, std::string("reading directory: ") + std::strerror(errno));
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    stack_.push_back(id);
    for (const std::string& name : names) {
      Visit(Join(path, name.c_str()));
    }
    stack_.pop_back();
  }

  void Problem(const std::string& path, std::string message) {
    out_->problems.push_back(WalkProblem{path, std::move(message)});
  }

  WalkResult* out_;
  std::vector<DevIno> stack_;
  std::set<DevIno> seen_dirs_;
  std::set<DevIno> seen_files_;
};

}  // namespace

WalkResult WalkPaths(const std::vector<std::string>& roots) {
  WalkResult result;
  Walker walker(&result);
  bool stdin_listed = false;
  for (const std::string& root : roots) {
    if (root == kStandardInput) {
      if (!stdin_listed) {
        result.files.push_back({root, 0});
        stdin_listed = true;
      }
      continue;
    }
    walker.Visit(root);
  }
  return result;
}

}  // namespace warroom::sweep
