#include "server/service/views.h"

#include "libs/base/rfc3339.h"

namespace warroom::service {
namespace {

nlohmann::json TimeOrNull(const std::optional<int64_t>& ms) {
  return ms ? nlohmann::json(FormatRfc3339(*ms)) : nlohmann::json(nullptr);
}

// Parses stored JSON text for the audit view; text that is not JSON is shown as is.
nlohmann::json StoredJson(const std::string& text) {
  if (text.empty()) return nullptr;
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? nlohmann::json(text) : parsed;
}

}  // namespace

nlohmann::json ToJson(const core::Organisation& o) {
  // Filled in place: an initializer list builds every pair as an array first, and this
  // runs for every row of every directory page.
  nlohmann::json j = nlohmann::json::object();
  auto& m = j.get_ref<nlohmann::json::object_t&>();
  m.emplace("id", o.id);
  m.emplace("kind", core::Name(o.kind));
  m.emplace("nis_code", OrNull(o.nis_code));
  m.emplace("external_id", OrNull(o.external_id));
  m.emplace("name_nl", o.name_nl);
  m.emplace("name_fr", OrNull(o.name_fr));
  m.emplace("name_de", OrNull(o.name_de));
  m.emplace("name_en", OrNull(o.name_en));
  m.emplace("region_nis", OrNull(o.region_nis));
  m.emplace("province_nis", OrNull(o.province_nis));
  m.emplace("parent_id", OrNull(o.parent_id));
  m.emplace("merged_into_id", OrNull(o.merged_into_id));
  m.emplace("status", core::Name(o.status));
  m.emplace("is_demo", o.is_demo);
  m.emplace("version", o.version);
  m.emplace("created_at", FormatRfc3339(o.created_at));
  m.emplace("updated_at", FormatRfc3339(o.updated_at));
  return j;
}

nlohmann::json ToJson(const core::OrganisationRef& o) {
  return {{"id", o.id}, {"name_nl", o.name_nl}, {"name_fr", OrNull(o.name_fr)}};
}

nlohmann::json ToJson(const core::PersonRef& p) {
  return {{"id", p.id}, {"full_name", p.full_name}};
}

nlohmann::json ToJson(const core::Person& p) {
  nlohmann::json roles = nlohmann::json::array();
  for (core::ContactRole r : p.roles) roles.push_back(core::Name(r));
  return {
      {"id", p.id},
      {"organisation_id", p.organisation_id},
      {"full_name", p.full_name},
      {"job_title", OrNull(p.job_title)},
      {"work_email", OrNull(p.work_email)},
      {"oob_email", OrNull(p.oob_email)},
      {"mobile", OrNull(p.mobile)},
      {"landline", OrNull(p.landline)},
      {"preferred_language", core::Name(p.preferred_language)},
      {"roles", roles},
      {"deputy_order", OrNull(p.deputy_order)},
      {"verified_at", TimeOrNull(p.verified_at)},
      {"is_demo", p.is_demo},
      {"version", p.version},
  };
}

nlohmann::json ToJson(const core::ProviderService& s) {
  return {
      {"id", s.id},
      {"provider", ToJson(s.provider)},
      {"customer", ToJson(s.customer)},
      {"service", core::Name(s.service)},
      {"description", OrNull(s.description)},
  };
}

nlohmann::json ToJson(const core::Region& r) {
  return {{"nis_code", r.nis_code},
          {"name_nl", r.name_nl},
          {"name_fr", r.name_fr},
          {"name_de", OrNull(r.name_de)}};
}

nlohmann::json ToJson(const core::Province& p) {
  return {{"nis_code", p.nis_code},
          {"name_nl", p.name_nl},
          {"name_fr", p.name_fr},
          {"name_de", OrNull(p.name_de)},
          {"region_nis", p.region_nis}};
}

nlohmann::json ToJson(const storage::UserRecord& u) {
  return {
      {"id", u.id},
      {"email", u.email},
      {"display_name", u.display_name},
      {"role", core::Name(u.role)},
      {"organisation_id", u.organisation_id},
      {"organisation_name", u.organisation_name},
      {"person_id", OrNull(u.person_id)},
      {"status", u.status},
      {"totp_enabled", u.totp_secret.has_value()},
      {"preferred_language", core::Name(u.preferred_language)},
      {"last_sign_in_at", TimeOrNull(u.last_sign_in_at)},
      {"version", u.version},
  };
}

nlohmann::json ToJson(const storage::ApiTokenRecord& t) {
  return {
      {"id", t.id},
      {"name", t.name},
      {"scopes", t.scopes},
      {"created_at", FormatRfc3339(t.created_at)},
      {"expires_at", TimeOrNull(t.expires_at)},
      {"last_used_at", TimeOrNull(t.last_used_at)},
  };
}

nlohmann::json ToJson(const core::AuditEntry& e) {
  return {
      {"seq", e.seq},
      {"at", e.at},
      {"actor_user_id",
       e.actor_user_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(e.actor_user_id)},
      {"actor_label", e.actor_label},
      {"action", e.action},
      {"object_type", e.object_type},
      {"object_id", e.object_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.object_id)},
      {"organisation_id",
       e.organisation_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(e.organisation_id)},
      {"before", StoredJson(e.before_json)},
      {"after", StoredJson(e.after_json)},
      {"hash", e.hash},
  };
}

}  // namespace warroom::service
