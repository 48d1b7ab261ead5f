#include "server/service/reference_data.h"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/core/csv/csv_reader.h"
#include "server/core/directory/access.h"
#include "server/core/incident/taxonomy.h"
#include "server/service/directory_import.h"
#include "server/storage/repositories/directory_store.h"
#include "server/storage/repositories/incident_store.h"

namespace warroom::service {
namespace {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("cannot read reference file " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Quotes a CSV field.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The reference data names regions and provinces in the official languages only; the
// English names, by NIS code.
struct EnglishName {
  std::string_view nis_code;
  std::string_view name;
};
constexpr std::array<EnglishName, 13> kEnglishNames = {{
    {"02000", "Flemish Region"},
    {"03000", "Walloon Region"},
    {"04000", "Brussels-Capital Region"},
    {"10000", "Antwerp"},
    {"20001", "Flemish Brabant"},
    {"20002", "Walloon Brabant"},
    {"30000", "West Flanders"},
    {"40000", "East Flanders"},
    {"50000", "Hainaut"},
    {"60000", "Liège"},
    {"70000", "Limburg"},
    {"80000", "Luxembourg"},
    {"90000", "Namur"},
}};

std::optional<std::string> EnglishNameOf(std::string_view nis_code) {
  for (const EnglishName& e : kEnglishNames) {
    if (e.nis_code == nis_code) return std::string(e.name);
  }
  return std::nullopt;
}

core::Principal System() {
  core::Principal p;
  p.role = core::Role::kWarroomAdmin;
  p.label = "system:reference-data";
  return p;
}

}  // namespace

std::string ReferenceDataFolder(const std::string& fallback) {
  if (const char* env = std::getenv("WARROOM_REFERENCE_DATA"); env && *env) return env;
  return fallback;
}

Result<ReferenceReport> LoadReferenceData(ports::Database& db, const ports::Clock& clock,
                                          const std::string& folder) {
  const std::filesystem::path dir(folder);
  ReferenceReport report;
  WR_ASSIGN_OR_RETURN(std::string regions_csv, ReadFile(dir / "be_regions.csv"));
  WR_ASSIGN_OR_RETURN(std::string provinces_csv, ReadFile(dir / "be_provinces.csv"));
  WR_ASSIGN_OR_RETURN(std::string municipalities_csv, ReadFile(dir / "be_municipalities_2025.csv"));
  WR_ASSIGN_OR_RETURN(std::string old_csv, ReadFile(dir / "be_municipalities_2019-2024.csv"));
  WR_ASSIGN_OR_RETURN(std::string mergers_csv, ReadFile(dir / "be_municipal_mergers_2025.csv"));
  WR_ASSIGN_OR_RETURN(std::string rsit_csv, ReadFile(dir / "rsit_taxonomy.csv"));
  // The taxonomy incidents are classified by: checked whole before anything is written.
  WR_ASSIGN_OR_RETURN(core::RsitTaxonomy rsit, core::RsitTaxonomy::ParseCsv(rsit_csv));

  WR_ASSIGN_OR_RETURN(auto regions, core::csv::ParseCsv(regions_csv));
  WR_ASSIGN_OR_RETURN(auto provinces, core::csv::ParseCsv(provinces_csv));
  WR_ASSIGN_OR_RETURN(size_t r_nis, regions.Column("region_nis"));
  WR_ASSIGN_OR_RETURN(size_t r_nl, regions.Column("name_nl"));
  WR_ASSIGN_OR_RETURN(size_t r_fr, regions.Column("name_fr"));
  WR_ASSIGN_OR_RETURN(size_t r_de, regions.Column("name_de"));
  WR_ASSIGN_OR_RETURN(size_t p_nis, provinces.Column("province_nis"));
  WR_ASSIGN_OR_RETURN(size_t p_nl, provinces.Column("name_nl"));
  WR_ASSIGN_OR_RETURN(size_t p_fr, provinces.Column("name_fr"));
  WR_ASSIGN_OR_RETURN(size_t p_de, provinces.Column("name_de"));
  WR_ASSIGN_OR_RETURN(size_t p_region, provinces.Column("region_nis"));
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    storage::DirectoryStore store(tx);
    for (const auto& row : regions.rows) {
      const auto& f = row.fields;
      WR_RETURN_IF_ERROR(
          store.UpsertRegion({f[r_nis], f[r_nl], f[r_fr],
                              f[r_de].empty() ? std::nullopt : std::optional<std::string>(f[r_de]),
                              EnglishNameOf(f[r_nis])}));
    }
    for (const auto& row : provinces.rows) {
      const auto& f = row.fields;
      WR_RETURN_IF_ERROR(store.UpsertProvince(
          {f[p_nis], f[p_nl], f[p_fr],
           f[p_de].empty() ? std::nullopt : std::optional<std::string>(f[p_de]), f[p_region],
           EnglishNameOf(f[p_nis])}));
    }
    return Ok();
  }));
  report.regions = static_cast<int>(regions.rows.size());
  report.provinces = static_cast<int>(provinces.rows.size());

  DirectoryImport importer(db, clock);
  // The provinces are local governments too, named as the official names name them
  // ("Provincie Antwerpen": the Province of Antwerp).
  std::string province_orgs =
      "kind,nis_code,name_nl,name_fr,name_de,name_en,region_nis,province_nis\n";
  for (const auto& row : provinces.rows) {
    const auto& f = row.fields;
    const auto en = EnglishNameOf(f[p_nis]);
    province_orgs += "province," + f[p_nis] + "," + Quote(f[p_nl]) + "," + Quote(f[p_fr]) + "," +
                     Quote(f[p_de]) + "," + Quote(en ? "Province of " + *en : "") + "," +
                     f[p_region] + "," + f[p_nis] + "\n";
  }
  WR_RETURN_IF_ERROR(StatusOf(importer.ImportOrganisations(System(), province_orgs, {})));
  // The official list, unchanged.
  WR_ASSIGN_OR_RETURN(auto imported,
                      importer.ImportOrganisations(System(), municipalities_csv, {}));
  report.municipalities = imported.rows;

  // Municipalities that merged on 1 January 2025 stay in the directory as merged, with
  // a pointer to the new one, so that old records and contacts still resolve.
  WR_ASSIGN_OR_RETURN(auto mergers, core::csv::ParseCsv(mergers_csv));
  WR_ASSIGN_OR_RETURN(auto old_list, core::csv::ParseCsv(old_csv));
  WR_ASSIGN_OR_RETURN(size_t m_old, mergers.Column("old_nis_code"));
  WR_ASSIGN_OR_RETURN(size_t m_new, mergers.Column("new_nis_code"));
  WR_ASSIGN_OR_RETURN(size_t o_nis, old_list.Column("nis_code"));
  WR_ASSIGN_OR_RETURN(size_t o_nl, old_list.Column("name_nl"));
  WR_ASSIGN_OR_RETURN(size_t o_fr, old_list.Column("name_fr"));
  WR_ASSIGN_OR_RETURN(size_t o_de, old_list.Column("name_de"));
  WR_ASSIGN_OR_RETURN(size_t o_prov, old_list.Column("province_nis"));
  WR_ASSIGN_OR_RETURN(size_t o_reg, old_list.Column("region_nis"));
  std::string merged =
      "nis_code,name_nl,name_fr,name_de,region_nis,province_nis,status,merged_into_nis\n";
  for (const auto& row : mergers.rows) {
    const std::string& old_code = row.fields[m_old];
    const std::string& new_code = row.fields[m_new];
    if (old_code == new_code) continue;  // the code lives on in the new municipality
    for (const auto& o : old_list.rows) {
      if (o.fields[o_nis] != old_code) continue;
      merged += old_code + "," + Quote(o.fields[o_nl]) + "," + Quote(o.fields[o_fr]) + "," +
                Quote(o.fields[o_de]) + "," + o.fields[o_reg] + "," + o.fields[o_prov] +
                ",merged," + new_code + "\n";
      ++report.merged;
    }
  }
  WR_RETURN_IF_ERROR(StatusOf(importer.ImportOrganisations(System(), merged, {})));
  WR_RETURN_IF_ERROR(db.Write([&](ports::Tx& tx) -> Status {
    WR_ASSIGN_OR_RETURN(report.rsit_types, storage::IncidentStore(tx).ReplaceTaxonomy(rsit));
    return Ok();
  }));
  return report;
}

}  // namespace warroom::service
