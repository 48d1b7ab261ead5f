// Advisory attachments through the API on both engines (issue 12): a war-room author adds
// files to a draft; the server judges their kind by the bytes, keeps them under the data
// folder by hash, refuses too-large and refused kinds storing nothing, serves downloads
// as attachments, and lets recipients read them within the advisory's tenant and TLP rule.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "server/tests/harness/api_harness.h"

namespace warroom::apitest {
namespace {

using core::Role;
using nlohmann::json;

using ApiAttachmentsTest = ApiTest;

const json kText = {{"title", "Attachment test"},
                    {"body", "See the attached report."},
                    {"action_points", {"Read the report"}}};

// A draft by an analyst to organisation `org`; returns its id and ETag.
std::pair<int64_t, std::string> Draft(TestServer& s, int64_t org, const std::string& tlp) {
  auto draft = s.As(Role::kWarroomAnalyst, s.WarRoomId())
                   .client->Post("/api/advisories",
                                 {{"severity", "warning"},
                                  {"tlp", tlp},
                                  {"audience", {{"organisation_ids", {org}}}},
                                  {"texts", {{"nl", kText}, {"fr", kText}, {"en", kText}}}});
  EXPECT_EQ(draft.status, 201) << draft.body;
  if (draft.status != 201) return {0, ""};
  return {draft.Json()["id"].get<int64_t>(), draft.Header("etag")};
}

void Approve(TestServer& s, int64_t id, const std::string& etag) {
  auto sent = s.As(Role::kWarroomAdmin, s.WarRoomId())
                  .client->Send("POST", "/api/advisories/" + std::to_string(id) + "/approve", "{}",
                                {{"If-Match", etag}});
  ASSERT_EQ(sent.status, 200) << sent.body;
}

HttpResponse Upload(HttpClient& c, int64_t id, const std::string& encoded_name,
                    const std::string& bytes, const std::string& content_type = "text/html") {
  // The client's Content-Type is a lie on purpose: the server must not believe it.
  return c.Send("POST",
                "/api/advisories/" + std::to_string(id) + "/attachments?name=" + encoded_name,
                bytes, {{"Content-Type", content_type}});
}

size_t FilesIn(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return 0;
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  return n;
}

TEST_P(ApiAttachmentsTest, DraftAttachmentsAreCheckedStoredByHashAndServedAsDownloads) {
  TestServer& s = server();
  const int64_t a = s.OrgId("99001");
  HttpClient& author = *s.As(Role::kWarroomAnalyst, s.WarRoomId()).client;
  auto [id, etag] = Draft(s, a, "amber");
  ASSERT_NE(id, 0);
  const std::string base = "/api/advisories/" + std::to_string(id);
  const std::filesystem::path dir = std::filesystem::path(s.data_dir()) / "attachments";

  const std::string pdf = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";
  auto up = Upload(author, id, "..%2FRapport%20%C3%A9t%C3%A9%22.pdf", pdf);
  ASSERT_EQ(up.status, 201) << up.body;
  const json att = up.Json();
  EXPECT_EQ(att["name"], "Rapport été_.pdf");
  EXPECT_EQ(att["media_type"], "application/pdf");
  EXPECT_EQ(att["size"], pdf.size());
  const std::string sha = att["sha256"];
  EXPECT_EQ(sha.size(), 64u);
  // The bytes live under the data folder, named by their hash.
  EXPECT_TRUE(std::filesystem::exists(dir / sha));
  EXPECT_EQ(std::filesystem::file_size(dir / sha), pdf.size());

  // The advisory lists it.
  auto view = author.Get(base);
  ASSERT_EQ(view.status, 200);
  ASSERT_EQ(view.Json()["attachments"].size(), 1u);
  EXPECT_EQ(view.Json()["attachments"][0]["sha256"], sha);

  // The download: the detected type, always as an attachment, never sniffed or cached.
  const std::string path = base + "/attachments/" + std::to_string(att["id"].get<int64_t>());
  auto down = author.Get(path);
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_EQ(down.body, pdf);
  EXPECT_EQ(down.Header("content-type"), "application/pdf");
  EXPECT_EQ(down.Header("content-disposition"),
            "attachment; filename=\"Rapport __t___.pdf\"; "
            "filename*=UTF-8''Rapport%20%C3%A9t%C3%A9_.pdf");
  EXPECT_EQ(down.Header("x-content-type-options"), "nosniff");
  EXPECT_NE(down.Header("cache-control").find("no-store"), std::string::npos);

  const int64_t rows = s.Count("advisory_attachments");
  const size_t files = FilesIn(dir);
  // Too large: 413, nothing stored.
  auto big = Upload(author, id, "big.txt", std::string(size_t{8} * 1024 * 1024 + 1, 'a'));
  EXPECT_EQ(big.status, 413) << big.body.substr(0, 300);
  EXPECT_EQ(big.Json()["code"], "attachment_too_large");
  // Refused kinds (an executable named .pdf, HTML, SVG, a script): 415, nothing stored.
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"report.pdf", std::string("MZ\x90\0\x03\0\0\0\x04\0", 10)},
           {"page.txt", "<!doctype html><script>alert(1)</script>"},
           {"logo.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"},
           {"run.txt", "#!/bin/sh\necho hi\n"}}) {
    auto refused = Upload(author, id, name, bytes, "application/pdf");
    EXPECT_EQ(refused.status, 415) << name << ": " << refused.body;
    EXPECT_TRUE(refused.IsProblem());
    EXPECT_EQ(refused.Json()["code"], "attachment_type_refused") << name;
    EXPECT_EQ(refused.Json()["errors"][0]["field"], "/file") << name;
  }
  EXPECT_EQ(Upload(author, id, "again.pdf", pdf).status, 409);  // the same bytes twice
  EXPECT_EQ(Upload(author, id, "", "x").status, 400);           // no name
  EXPECT_EQ(s.Count("advisory_attachments"), rows);
  EXPECT_EQ(FilesIn(dir), files);

  // A CSV added, then removed from the draft.
  auto csv = Upload(author, id, "iocs.csv", "ip;note\n198.51.100.7;c2\n");
  ASSERT_EQ(csv.status, 201) << csv.body;
  EXPECT_EQ(csv.Json()["media_type"], "text/csv; charset=utf-8");
  const std::string csv_path =
      base + "/attachments/" + std::to_string(csv.Json()["id"].get<int64_t>());
  EXPECT_EQ(author.Send("DELETE", csv_path).status, 204);
  EXPECT_EQ(author.Get(csv_path).status, 404);
  EXPECT_EQ(author.Get(base).Json()["attachments"].size(), 1u);
  EXPECT_GE(s.Count("audit_log", "action = 'advisory.attachment_add'"), 2);
  EXPECT_GE(s.Count("audit_log", "action = 'advisory.attachment_remove'"), 1);

  // Recipients see nothing of a draft.
  EXPECT_EQ(s.As(Role::kSpoc, a).client->Get(path).status, 404);
}

TEST_P(ApiAttachmentsTest, RecipientsDownloadWithinTheTlpRuleAndSentAttachmentsAreFrozen) {
  TestServer& s = server();
  const int64_t a = s.OrgId("99001");
  const int64_t b = s.OrgId("99002");
  HttpClient& author = *s.As(Role::kWarroomAnalyst, s.WarRoomId()).client;
  static constexpr char kPng[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR-test-image";
  const std::string png(kPng, sizeof kPng - 1);

  // TLP:AMBER to A: A's SPOC and members read it; B's SPOC does not.
  auto [amber, amber_etag] = Draft(s, a, "amber");
  ASSERT_NE(amber, 0);
  auto up = Upload(author, amber, "diagram.png", png);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.Json()["media_type"], "image/png");
  Approve(s, amber, amber_etag);
  const std::string path = "/api/advisories/" + std::to_string(amber) + "/attachments/" +
                           std::to_string(up.Json()["id"].get<int64_t>());
  auto spoc = s.As(Role::kSpoc, a).client->Get(path);
  ASSERT_EQ(spoc.status, 200) << spoc.body;
  EXPECT_EQ(spoc.body, png);
  EXPECT_EQ(spoc.Header("content-type"), "image/png");
  EXPECT_EQ(s.As(Role::kMember, a).client->Get(path).status, 200);
  EXPECT_EQ(s.As(Role::kSpoc, b).client->Get(path).status, 404);
  // The inbox view of the advisory lists it for the recipient.
  auto inbox_view = s.As(Role::kSpoc, a).client->Get("/api/advisories/" + std::to_string(amber));
  ASSERT_EQ(inbox_view.status, 200);
  EXPECT_EQ(inbox_view.Json()["attachments"][0]["name"], "diagram.png");

  // The mails name the file and say it waits in the app; they never carry it. The outbox
  // row lists the name for the mail rendered at send time (advisory_email_channel_test
  // checks the rendering).
  EXPECT_GE(s.Count("outbox",
                    "channel = 'advisory-email' AND body_text LIKE "
                    "'%\"attachments\":[\"diagram.png\"]%'"),
            1);

  // Sent: frozen.
  EXPECT_EQ(Upload(author, amber, "late.txt", "too late\n").status, 409);
  EXPECT_EQ(author.Send("DELETE", path).status, 409);

  // TLP:RED to A: its SPOC (the account of the person assigned as SPOC) reads it, a
  // plain member of A does not.
  const std::string spoc_person = s.Text(
      "SELECT CAST(MIN(person_id) AS TEXT) FROM spoc_assignments WHERE organisation_id = $1", {a});
  ASSERT_FALSE(spoc_person.empty()) << "organisation A has no SPOC";
  const int64_t spoc_user = s.As(Role::kSpoc, a).id;
  ASSERT_TRUE(s.db().Write([&](ports::Tx& tx) -> Status {
    const int64_t person = std::stoll(spoc_person);
    WR_RETURN_IF_ERROR(tx.Exec("UPDATE users SET person_id = NULL WHERE person_id = $1", {person}));
    WR_RETURN_IF_ERROR(
        tx.Exec("UPDATE users SET person_id = $1 WHERE id = $2", {person, spoc_user}));
    return {};
  }));
  auto [red, red_etag] = Draft(s, a, "red");
  ASSERT_NE(red, 0);
  auto red_up = Upload(author, red, "red.txt", "RED only\n");
  ASSERT_EQ(red_up.status, 201) << red_up.body;
  Approve(s, red, red_etag);
  const std::string red_path = "/api/advisories/" + std::to_string(red) + "/attachments/" +
                               std::to_string(red_up.Json()["id"].get<int64_t>());
  EXPECT_EQ(s.As(Role::kSpoc, a).client->Get(red_path).status, 200);
  EXPECT_EQ(s.Count("outbox", "body_text LIKE '%red.txt%'"), 0);  // RED mails name nothing
  EXPECT_EQ(s.As(Role::kMember, a).client->Get(red_path).status, 404);
  EXPECT_EQ(s.As(Role::kSpoc, b).client->Get(red_path).status, 404);
  // Another advisory's id with this attachment's id: not found.
  EXPECT_EQ(author
                .Get("/api/advisories/" + std::to_string(amber) + "/attachments/" +
                     std::to_string(red_up.Json()["id"].get<int64_t>()))
                .status,
            404);
}

}  // namespace

WR_API_INSTANTIATE(ApiAttachmentsTest);

}  // namespace warroom::apitest
