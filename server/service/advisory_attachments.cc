// AdvisoryService's attachments: bytes checked (size, then kind by content), written to
// <attachments_dir>/<sha256> durably, and only then the row, in the draft's transaction.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "server/core/advisory/attachment.h"
#include "server/core/auth/secrets.h"
#include "server/service/advisory_service.h"
#include "server/service/audited_write.h"

namespace warroom::service {
namespace {

namespace fs = std::filesystem;
using storage::AttachmentRecord;
using storage::AttachmentStore;

Error Refused(const std::string& code, const std::string& message) {
  return Error::Invalid(code, {{"/file", 0, 0, code, message}});
}

std::string AuditJson(const AttachmentRecord& a) {
  return nlohmann::json{{"attachment_id", a.id},
                        {"file_name", a.file_name},
                        {"kind", core::advisory::Name(a.kind)},
                        {"size", a.size},
                        {"sha256", a.sha256}}
      .dump();
}

Status WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error::Internal(std::string("write: ") + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  return {};
}

// Writes `bytes` to dir/name unless a file of that size is already there (the name is the
// content's hash): a temporary file, fsync, rename, fsync of the folder, so that after a
// crash the name holds all of the bytes or does not exist.
Status StoreFile(const fs::path& dir, const std::string& name, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::Unavailable("cannot create the attachments folder: " + ec.message());
  const fs::path target = dir / name;
  if (auto size = fs::file_size(target, ec); !ec && size == bytes.size()) return {};
  WR_ASSIGN_OR_RETURN(std::string suffix, core::auth::RandomToken(12));
  const fs::path temp = dir / (name + ".tmp-" + suffix);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::Unavailable(std::string("cannot write an attachment: ") + std::strerror(errno));
  }
  Status written = WriteAll(fd, bytes);
  if (written && ::fsync(fd) != 0) written = Error::Internal("fsync of an attachment failed");
  ::close(fd);
  if (written) {
    fs::rename(temp, target, ec);
    if (ec) written = Error::Internal("cannot rename an attachment: " + ec.message());
  }
  if (!written) {
    fs::remove(temp, ec);
    return written;
  }
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return {};
}

}  // namespace

Result<AttachmentRecord> AdvisoryService::AddAttachment(const core::Principal& p, int64_t id,
                                                        const std::string& file_name,
                                                        const std::string& bytes) {
  if (!storage::IsWarRoom(p)) return Error::PermissionDenied("only the war room may do this");
  if (options_.attachments_dir.empty()) return Error::Unavailable("attachments are not set up");
  if (bytes.empty()) return Refused("attachment_empty", "is empty");
  if (static_cast<int64_t>(bytes.size()) > options_.attachment_max_bytes) {
    return Refused("attachment_too_large",
                   "is larger than " + std::to_string(options_.attachment_max_bytes) + " bytes");
  }
  AttachmentRecord a;
  a.advisory_id = id;
  a.file_name = core::advisory::SanitiseFileName(file_name);
  auto kind = core::advisory::SniffAttachment(bytes, a.file_name);
  if (!kind) {
    return Refused("attachment_type_refused",
                   "is not a PDF, PNG, JPEG, text, CSV or office document");
  }
  a.kind = *kind;
  a.size = static_cast<int64_t>(bytes.size());
  a.sha256 = core::auth::HashToken(bytes);
  a.uploaded_by_user_id = p.user_id;
  const int64_t now = Now();
  a.uploaded_at = now;
  // Checked before the file is written, so that a refused upload leaves nothing behind;
  // checked again in the transaction that inserts the row.
  auto admissible = [&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(AdvisoryView v, Load(tx, p, id));
    if (v.advisory.status != core::AdvisoryStatus::kDraft) {
      return Error::Conflict("advisory " + v.advisory.reference + " is " +
                             std::string(core::Name(v.advisory.status)) + ", not a draft");
    }
    if (static_cast<int>(v.attachments.size()) >= options_.attachment_max_count) {
      return Refused(
          "attachment_limit_reached",
          "the advisory has " + std::to_string(v.attachments.size()) + " attachments already");
    }
    for (const auto& x : v.attachments) {
      if (x.sha256 == a.sha256) return Error::Conflict("attachment_duplicate");
    }
    return {};
  };
  WR_RETURN_IF_ERROR(db_.Read(admissible));
  WR_RETURN_IF_ERROR(StoreFile(options_.attachments_dir, a.sha256, bytes));
  WR_RETURN_IF_ERROR(db_.Write([&](ports::Tx& tx) -> Status {
    WR_RETURN_IF_ERROR(admissible(tx));
    auto inserted = AttachmentStore(tx).Insert(a);
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kConflict) {
        return Error::Conflict("attachment_duplicate");
      }
      return inserted.error();
    }
    WR_ASSIGN_OR_RETURN(a, AttachmentStore(tx).Find(id, *inserted));
    return Audit(tx, ActorOf(p), "advisory.attachment_add", {"advisory", id, 0}, "", AuditJson(a),
                 now);
  }));
  return a;
}

Result<AttachmentFile> AdvisoryService::ReadAttachment(const core::Principal& p, int64_t id,
                                                       int64_t attachment_id) {
  if (options_.attachments_dir.empty()) return Error::Unavailable("attachments are not set up");
  AttachmentFile out;
  WR_RETURN_IF_ERROR(db_.Read([&](ports::Tx& tx) -> Status {
    // Visibility first: an advisory the caller may not read has no attachments for it.
    WR_RETURN_IF_ERROR(storage::AdvisoryStore(tx).Find(id, p));
    WR_ASSIGN_OR_RETURN(out.record, AttachmentStore(tx).Find(id, attachment_id));
    return {};
  }));
  std::ifstream in(fs::path(options_.attachments_dir) / out.record.sha256, std::ios::binary);
  if (!in) return Error::Internal("attachment " + out.record.sha256 + " is missing on disk");
  out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (static_cast<int64_t>(out.bytes.size()) != out.record.size ||
      core::auth::HashToken(out.bytes) != out.record.sha256) {
    return Error::Internal("attachment " + out.record.sha256 + " does not match its hash");
  }
  return out;
}

Status AdvisoryService::DeleteAttachment(const core::Principal& p, int64_t id,
                                         int64_t attachment_id) {
  if (!storage::IsWarRoom(p)) return Error::PermissionDenied("only the war room may do this");
  const int64_t now = Now();
  return db_.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(AdvisoryView v, Load(tx, p, id));
    if (v.advisory.status != core::AdvisoryStatus::kDraft) {
      return Error::Conflict("advisory " + v.advisory.reference + " is " +
                             std::string(core::Name(v.advisory.status)) + ", not a draft");
    }
    AttachmentStore store(tx);
    WR_ASSIGN_OR_RETURN(AttachmentRecord before, store.Find(id, attachment_id));
    WR_RETURN_IF_ERROR(store.Delete(id, attachment_id));
    return Audit(tx, ActorOf(p), "advisory.attachment_remove", {"advisory", id, 0},
                 AuditJson(before), "", now);
  });
}

}  // namespace warroom::service
