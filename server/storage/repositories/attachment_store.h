// AttachmentStore: the rows of advisory attachments (the bytes are files; see
// service/advisory_attachments.cc). Visibility is the caller's business: the service
// loads the advisory through AdvisoryStore::Find (the TLP and tenant rule) first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libs/base/result.h"
#include "server/core/advisory/attachment.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct AttachmentRecord {
  int64_t id = 0;
  int64_t advisory_id = 0;
  std::string file_name;
  core::advisory::AttachmentType kind = core::advisory::AttachmentType::kText;
  int64_t size = 0;
  std::string sha256;  // lower-case hex
  int64_t uploaded_by_user_id = 0;
  std::string uploaded_by_name;
  int64_t uploaded_at = 0;
};

class AttachmentStore {
 public:
  explicit AttachmentStore(Tx& tx) : tx_(tx) {}

  // The advisory's attachments, oldest first.
  Result<std::vector<AttachmentRecord>> List(int64_t advisory_id);
  // One attachment of the advisory; kNotFound when it has none with that id.
  Result<AttachmentRecord> Find(int64_t advisory_id, int64_t id);
  // Inserts the row and returns its id; kConflict (conflict_on "advisory_id,sha256") when
  // the advisory already holds the same bytes.
  Result<int64_t> Insert(const AttachmentRecord& a);
  // kNotFound when the advisory has no attachment `id`.
  Status Delete(int64_t advisory_id, int64_t id);

 private:
  Tx& tx_;
};

}  // namespace warroom::storage
