// The one SQL form of a caller's core::DirectoryScope, for every store whose Find/List
// returns tenant data: the stores append it to their WHERE clause, so that a row outside
// the scope is indistinguishable from a missing one, whichever table it lives in.
#pragma once

#include <string>
#include <string_view>

#include "server/core/directory/access.h"
#include "server/storage/database.h"

namespace warroom::storage {

// Appends `v` to `params` and returns its placeholder ("$<n>").
std::string Bind(Params& params, Value v);

// The condition (without a leading AND) that limits rows to `scope`, where
// `org_column` names the column holding the owning organisation's id (e.g. "o.id",
// "p.organisation_id"). Its parameters are appended to `params`. kAll is "1 = 1",
// kNone "1 = 0"; kOwnAndCustomers also admits the organisations the provider serves.
// Rows whose organisation column is NULL (or 0) are outside every scope but kAll.
std::string ScopeSql(const core::DirectoryScope& scope, std::string_view org_column,
                     Params& params);

}  // namespace warroom::storage
