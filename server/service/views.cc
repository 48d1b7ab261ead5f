#include "server/service/views.h"

#include "libs/base/rfc3339.h"
#include "server/core/auth/account_state.h"

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

void WriteMembers(JsonWriter& w, const core::Organisation& o) {
  w.Field("id", o.id)
      .Field("kind", core::Name(o.kind))
      .Field("nis_code", o.nis_code)
      .Field("external_id", o.external_id)
      .Field("name_nl", o.name_nl)
      .Field("name_fr", o.name_fr)
      .Field("name_de", o.name_de)
      .Field("name_en", o.name_en)
      .Field("region_nis", o.region_nis)
      .Field("province_nis", o.province_nis)
      .Field("parent_id", o.parent_id)
      .Field("merged_into_id", o.merged_into_id)
      .Field("status", core::Name(o.status))
      .Field("is_demo", o.is_demo)
      .Field("version", o.version)
      .Field("created_at", FormatRfc3339(o.created_at))
      .Field("updated_at", FormatRfc3339(o.updated_at));
}

void Write(JsonWriter& w, const core::Organisation& o) {
  w.BeginObject();
  WriteMembers(w, o);
  w.EndObject();
}

void Write(JsonWriter& w, const core::OrganisationRef& o) {
  w.BeginObject().Field("id", o.id).Field("name_nl", o.name_nl).Field("name_fr", o.name_fr);
  w.EndObject();
}

void Write(JsonWriter& w, const core::PersonRef& p) {
  w.BeginObject().Field("id", p.id).Field("full_name", p.full_name).EndObject();
}

void Write(JsonWriter& w, const core::Person& p) {
  w.BeginObject()
      .Field("id", p.id)
      .Field("organisation_id", p.organisation_id)
      .Field("full_name", p.full_name)
      .Field("job_title", p.job_title)
      .Field("work_email", p.work_email)
      .Field("oob_email", p.oob_email)
      .Field("mobile", p.mobile)
      .Field("landline", p.landline)
      .Field("preferred_language", core::Name(p.preferred_language))
      .Key("roles")
      .BeginArray();
  for (core::ContactRole r : p.roles) w.String(core::Name(r));
  w.EndArray();
  if (p.deputy_order) {
    w.Field("deputy_order", *p.deputy_order);
  } else {
    w.Field("deputy_order", nullptr);
  }
  if (p.verified_at) {
    w.Field("verified_at", FormatRfc3339(*p.verified_at));
  } else {
    w.Field("verified_at", nullptr);
  }
  if (p.account) {
    w.Key("account")
        .BeginObject()
        .Field("id", p.account->id)
        .Field("status", core::auth::Name(p.account->status))
        .EndObject();
  } else {
    w.Field("account", nullptr);
  }
  w.Field("is_demo", p.is_demo).Field("version", p.version).EndObject();
}

void Write(JsonWriter& w, const core::ProviderService& s) {
  w.BeginObject().Field("id", s.id).Key("provider");
  Write(w, s.provider);
  w.Key("customer");
  Write(w, s.customer);
  w.Field("service", core::Name(s.service)).Field("description", s.description);
  if (s.customer_spoc) {
    w.Key("customer_spoc")
        .BeginObject()
        .Field("id", s.customer_spoc->id)
        .Field("full_name", s.customer_spoc->full_name)
        .Field("mobile", s.customer_spoc->mobile)
        .Field("landline", s.customer_spoc->landline)
        .EndObject();
  }
  w.EndObject();
}

namespace {

template <typename T>
nlohmann::json Parsed(const T& value) {
  return nlohmann::json::parse(Written(value));
}

}  // namespace

nlohmann::json ToJson(const core::Organisation& o) { return Parsed(o); }
nlohmann::json ToJson(const core::OrganisationRef& o) { return Parsed(o); }
nlohmann::json ToJson(const core::PersonRef& p) { return Parsed(p); }
nlohmann::json ToJson(const core::Person& p) { return Parsed(p); }
nlohmann::json ToJson(const core::ProviderService& s) { return Parsed(s); }

nlohmann::json ToJson(const core::Region& r) {
  return {{"nis_code", r.nis_code},
          {"name_nl", r.name_nl},
          {"name_fr", r.name_fr},
          {"name_de", OrNull(r.name_de)},
          {"name_en", OrNull(r.name_en)}};
}

nlohmann::json ToJson(const core::Province& p) {
  return {{"nis_code", p.nis_code},       {"name_nl", p.name_nl},
          {"name_fr", p.name_fr},         {"name_de", OrNull(p.name_de)},
          {"name_en", OrNull(p.name_en)}, {"region_nis", p.region_nis}};
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
      {"person_name", OrNull(u.person_name)},
      {"status", core::auth::Name(u.status)},
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

nlohmann::json ToJson(const storage::WebhookEndpointRecord& e) {
  return {
      {"id", e.id},
      {"organisation_id", e.organisation_id ? nlohmann::json(*e.organisation_id) : nullptr},
      {"url", e.url},
      {"description", e.description},
      {"active", e.active},
      {"version", e.version},
      {"created_at", FormatRfc3339(e.created_at)},
      {"updated_at", FormatRfc3339(e.updated_at)},
      {"last_success_at", TimeOrNull(e.last_success_at)},
      {"last_failure_at", TimeOrNull(e.last_failure_at)},
      {"last_error", e.last_error ? nlohmann::json(*e.last_error) : nullptr},
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
