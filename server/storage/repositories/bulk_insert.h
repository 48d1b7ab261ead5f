// BulkInsert: many rows of one table in few statements. Sending an advisory to 10,000
// organisations writes tens of thousands of rows in one transaction; one statement per
// row costs a round trip each on PostgreSQL. This writes them as multi-row
// `INSERT ... VALUES (...), (...)`, in statements of at most kMaxRows rows whose row counts
// are powers of two, so that an engine's prepared-statement cache (keyed on the text) holds
// at most nine texts per table, whatever the number of rows.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "libs/base/result.h"
#include "server/storage/database.h"

namespace warroom::storage {

struct BulkInsert {
  // "INSERT INTO t (a, b, c)": everything before VALUES.
  std::string_view head;
  // One row's tuple with its placeholders numbered from $1, e.g. "($1, $2, 'pending', $3)";
  // placeholders may repeat. Each row's are renumbered after the previous row's.
  std::string_view row;
  // How many parameters one row takes (the highest placeholder of `row`).
  size_t params_per_row = 0;
  // Appended after the VALUES list, e.g. " RETURNING id"; empty for none.
  std::string_view tail = {};

  static constexpr size_t kMaxRows = 256;
};

// Inserts the rows whose parameters `params` holds, `params_per_row` after each other, and
// returns what `tail` returns, statement after statement (the order of rows within one
// statement's RETURNING is the engine's). Fails with kInvalidArgument when params.size()
// is not a multiple of params_per_row, and with the first statement's error otherwise (the
// caller's transaction then rolls back, so no row is stored).
Result<Rows> InsertMany(Tx& tx, const BulkInsert& insert, Params params);

// The statement text for `rows` rows (exposed for the test).
std::string BulkInsertSql(const BulkInsert& insert, size_t rows);

}  // namespace warroom::storage
