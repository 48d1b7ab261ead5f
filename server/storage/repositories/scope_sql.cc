#include "server/storage/repositories/scope_sql.h"

namespace warroom::storage {

std::string Bind(Params& params, Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

std::string ScopeSql(const core::DirectoryScope& scope, std::string_view org_column,
                     Params& params) {
  const std::string column(org_column);
  switch (scope.kind) {
    case core::DirectoryScope::Kind::kAll:
      return "1 = 1";
    case core::DirectoryScope::Kind::kOwn:
      return column + " = " + Bind(params, scope.organisation_id);
    case core::DirectoryScope::Kind::kOwnAndCustomers: {
      // One parameter, used twice: the provider itself and whom it serves.
      const std::string p = Bind(params, scope.organisation_id);
      return "(" + column + " = " + p + " OR " + column +
             " IN (SELECT customer_id FROM provider_services WHERE provider_id = " + p + "))";
    }
    case core::DirectoryScope::Kind::kNone:
      return "1 = 0";
  }
  return "1 = 0";
}

}  // namespace warroom::storage
