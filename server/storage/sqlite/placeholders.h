// Rewrites PostgreSQL-style `$N` placeholders to SQLite's `?N`.
#pragma once

#include <string>
#include <string_view>

namespace warroom::storage::sqlite {

// Returns `sql` with every `$N` placeholder (N decimal digits) replaced by `?N`, so that
// `$1` used twice binds the same value, as on PostgreSQL. Text inside string literals
// ('...'), quoted identifiers ("...", `...`, [...]) and comments (-- and /* */) is left
// alone, as is a `$` not followed by a digit. Never fails: malformed SQL is copied as is
// and SQLite reports the error when preparing it.
std::string RewritePlaceholders(std::string_view sql);

}  // namespace warroom::storage::sqlite
