#include "server/storage/repositories/attachment_store.h"

#include <utility>

namespace warroom::storage {
namespace {

constexpr std::string_view kColumns =
    "SELECT t.id, t.advisory_id, t.file_name, t.kind, t.size, t.sha256, t.uploaded_by_user_id, "
    "u.display_name, t.uploaded_at FROM advisory_attachments t JOIN users u ON u.id = "
    "t.uploaded_by_user_id ";

AttachmentRecord ToAttachment(Row& r) {
  AttachmentRecord a;
  a.id = r.Int(0);
  a.advisory_id = r.Int(1);
  a.file_name = r.TakeText(2);
  // An unknown kind cannot be written; read it as the most inert one.
  a.kind = core::advisory::ParseAttachmentType(r.Text(3)).value_or(
      core::advisory::AttachmentType::kText);
  a.size = r.Int(4);
  a.sha256 = r.TakeText(5);
  a.uploaded_by_user_id = r.Int(6);
  a.uploaded_by_name = r.TakeText(7);
  a.uploaded_at = r.Int(8);
  return a;
}

}  // namespace

Result<std::vector<AttachmentRecord>> AttachmentStore::List(int64_t advisory_id) {
  WR_ASSIGN_OR_RETURN(
      Rows rows,
      tx_.Query(std::string(kColumns) + "WHERE t.advisory_id = $1 ORDER BY t.id", {advisory_id}));
  std::vector<AttachmentRecord> out;
  for (Row& r : rows) out.push_back(ToAttachment(r));
  return out;
}

Result<AttachmentRecord> AttachmentStore::Find(int64_t advisory_id, int64_t id) {
  WR_ASSIGN_OR_RETURN(Rows rows,
                      tx_.Query(std::string(kColumns) + "WHERE t.advisory_id = $1 AND t.id = $2",
                                {advisory_id, id}));
  if (rows.empty()) return Error::NotFound("attachment not found");
  return ToAttachment(rows.front());
}

Result<int64_t> AttachmentStore::Insert(const AttachmentRecord& a) {
  WR_ASSIGN_OR_RETURN(
      Row row,
      tx_.QueryOne("INSERT INTO advisory_attachments (advisory_id, file_name, kind, size, sha256, "
                   "uploaded_by_user_id, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                   "RETURNING id",
                   {a.advisory_id, a.file_name, std::string(core::advisory::Name(a.kind)), a.size,
                    a.sha256, a.uploaded_by_user_id, a.uploaded_at}));
  return row.Int(0);
}

Status AttachmentStore::Delete(int64_t advisory_id, int64_t id) {
  WR_ASSIGN_OR_RETURN(
      int64_t n, tx_.Exec("DELETE FROM advisory_attachments WHERE advisory_id = $1 AND id = $2",
                          {advisory_id, id}));
  if (n == 0) return Error::NotFound("attachment not found");
  return {};
}

}  // namespace warroom::storage
