#include "server/storage/repositories/bulk_insert.h"

#include <algorithm>
#include <bit>
#include <iterator>

namespace warroom::storage {
namespace {

// Appends `row` with each placeholder $k written as $(k + offset).
void AppendRenumbered(std::string& out, std::string_view row, size_t offset) {
  size_t i = 0;
  while (i < row.size()) {
    if (row[i] != '$') {
      out += row[i++];
      continue;
    }
    size_t j = i + 1;
    size_t k = 0;
    while (j < row.size() && row[j] >= '0' && row[j] <= '9') {
      k = k * 10 + static_cast<size_t>(row[j] - '0');
      ++j;
    }
    out += '$';
    out += std::to_string(k + offset);
    i = j;
  }
}

}  // namespace

std::string BulkInsertSql(const BulkInsert& insert, size_t rows) {
  std::string sql(insert.head);
  sql += " VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    AppendRenumbered(sql, insert.row, r * insert.params_per_row);
  }
  sql += insert.tail;
  return sql;
}

Result<Rows> InsertMany(Tx& tx, const BulkInsert& insert, Params params) {
  if (insert.params_per_row == 0 || params.size() % insert.params_per_row != 0) {
    return Error::InvalidArgument("bulk insert: parameters are not whole rows");
  }
  Rows out;
  size_t done = 0;
  const size_t total = params.size() / insert.params_per_row;
  while (done < total) {
    // The largest power of two that fits, so that few distinct texts are ever prepared.
    const size_t rows = std::bit_floor(std::min(total - done, BulkInsert::kMaxRows));
    const auto first = params.begin() + static_cast<std::ptrdiff_t>(done * insert.params_per_row);
    Params chunk(
        std::make_move_iterator(first),
        std::make_move_iterator(first + static_cast<std::ptrdiff_t>(rows * insert.params_per_row)));
    WR_ASSIGN_OR_RETURN(Rows got, tx.Query(BulkInsertSql(insert, rows), chunk));
    std::move(got.begin(), got.end(), std::back_inserter(out));
    done += rows;
  }
  return out;
}

}  // namespace warroom::storage
