// JSON views of records, as the API shows them and as the audit log stores them
// (before/after), so that both say the same thing about a change.
#pragma once

#include <nlohmann/json.hpp>

#include "libs/base/json_writer.h"
#include "server/core/audit/audit_chain.h"
#include "server/core/directory/entities.h"
#include "server/storage/repositories/account_store.h"
#include "server/storage/repositories/webhook_store.h"

namespace warroom::service {

// The directory's records are written straight into a response by a JsonWriter (a page
// of organisations is built on every search); their ToJson is that text parsed, so the
// response and the audit log never disagree.
// - WriteMembers writes an organisation's members into an object the caller opened, so
//   that a summary or a detail can add its own;
// - Write writes a whole object; Written returns it as text, for a response body.
void WriteMembers(JsonWriter& w, const core::Organisation& o);
void Write(JsonWriter& w, const core::Organisation& o);
void Write(JsonWriter& w, const core::OrganisationRef& o);
void Write(JsonWriter& w, const core::PersonRef& p);
void Write(JsonWriter& w, const core::Person& p);
void Write(JsonWriter& w, const core::ProviderService& s);

template <typename T>
std::string Written(const T& value) {
  JsonWriter w;
  Write(w, value);
  return w.Take();
}

nlohmann::json ToJson(const core::Organisation& o);
nlohmann::json ToJson(const core::OrganisationRef& o);
nlohmann::json ToJson(const core::PersonRef& p);
nlohmann::json ToJson(const core::Person& p);
nlohmann::json ToJson(const core::ProviderService& s);
nlohmann::json ToJson(const core::Region& r);
nlohmann::json ToJson(const core::Province& p);
// Never includes the password hash or the TOTP secret.
nlohmann::json ToJson(const storage::UserRecord& u);
// Never includes the secret hash.
nlohmann::json ToJson(const storage::ApiTokenRecord& t);
nlohmann::json ToJson(const core::AuditEntry& e);
// A webhook endpoint without its secret (which no view ever shows).
nlohmann::json ToJson(const storage::WebhookEndpointRecord& e);

// Optional values become JSON null.
template <typename T>
nlohmann::json OrNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace warroom::service
