#include "tools/sweep/ioc/ioc_loader.h"

#include <gtest/gtest.h>

#include "tools/sweep/testing/temp_dir.h"

namespace warroom::sweep {
namespace {

struct Loaded {
  IocSet set;
  LoadReport report;
};

std::unique_ptr<Loaded> Load(std::string_view text) {
  auto l = std::make_unique<Loaded>();
  EXPECT_TRUE(LoadIocText(text, "test", &l->set, &l->report));
  l->set.Finalize();
  return l;
}

TEST(IocLoaderTest, DetectsFormats) {
  EXPECT_EQ(DetectIocFormat("# c\nevil.com\n"), IocFormat::kPlainList);
  EXPECT_EQ(DetectIocFormat("type,value\nip,1.2.3.4\n"), IocFormat::kCsv);
  EXPECT_EQ(DetectIocFormat("# x\ntype\tvalue\n"), IocFormat::kCsv);
  EXPECT_EQ(DetectIocFormat("{\"type\":\"bundle\",\"objects\":[]}"), IocFormat::kStix);
  EXPECT_EQ(DetectIocFormat("{\"Event\":{}}"), IocFormat::kMisp);
}

TEST(IocLoaderTest, PlainListWithCommentsDefangingAndBadLines) {
  auto l = Load(
      "# Play IoCs\n"
      "evil[.]com\n"
      "\n"
      "hxxp://evil[.]test/a   # C2 panel\n"
      "10.0.0.1\n"
      "this is not an indicator\n"
      "EVIL.COM\n"
      "user[@]evil.test\n");
  EXPECT_EQ(l->set.Size(), 4u);
  EXPECT_EQ(l->report.duplicates, 1u);
  ASSERT_EQ(l->report.issues.size(), 1u);
  EXPECT_EQ(l->report.issues[0].where, "line 6");
  EXPECT_EQ(l->set.Count(IocType::kDomain), 1u);
  EXPECT_EQ(l->set.Count(IocType::kUrl), 1u);
  EXPECT_EQ(l->set.At(0).value, "evil[.]com");  // reported as given
}

TEST(IocLoaderTest, CsvWithTypesQuotesAndUnknownTypes) {
  auto l = Load(
      "type,value,description\n"
      "sha256,47B7B2DD88959CD7224A5542AE8D5BCE928BFC986BF0D0321532A7515C244A1E,\"a, b\"\n"
      "url,http://x.onion,\"multi\nline\"\n"
      "vulnerability,CVE-2018-13379,x\n"
      "md5,not-a-hash,x\n"
      "filename,ReadMe.txt,x\n"
      "domain,evil.zip,x\n"
      "filename|sha256,a.exe|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855,x\n");
  EXPECT_EQ(l->set.Count(IocType::kSha256), 2u);
  EXPECT_EQ(l->set.Count(IocType::kUrl), 1u);
  EXPECT_EQ(l->set.Count(IocType::kFileName), 2u);
  EXPECT_EQ(l->set.Count(IocType::kDomain), 1u);
  ASSERT_EQ(l->report.issues.size(), 2u);
  EXPECT_EQ(l->report.issues[0].where, "line 5");
  EXPECT_EQ(l->report.issues[1].where, "line 6");
}

TEST(IocLoaderTest, TsvAndToIdsColumn) {
  auto l = Load("value\ttype\tto_ids\nevil.com\tdomain\t1\ngmx.de\tdomain\t0\n");
  EXPECT_EQ(l->set.Size(), 1u);
  EXPECT_EQ(l->report.not_for_detection, 1u);
}

TEST(IocLoaderTest, StixBundle) {
  auto l = Load(R"({"type":"bundle","id":"bundle--1","objects":[
    {"type":"identity","id":"identity--1","name":"x"},
    {"type":"indicator","id":"indicator--1","pattern_type":"stix",
     "pattern":"[file:hashes.'SHA-256' = '47b7b2dd88959cd7224a5542ae8d5bce928bfc986bf0d0321532a7515c244a1e']"},
    {"type":"indicator","id":"indicator--2","pattern":"[ipv4-addr:value IN ('10.0.0.1','10.0.0.2')] OR [domain-name:value = 'evil.test']"},
    {"type":"indicator","id":"indicator--3","pattern":"[ipv4-addr:value ISSUBSET '10.9.0.0/16']"},
    {"type":"indicator","id":"indicator--4","pattern":"[url:value MATCHES '^http']"},
    {"type":"indicator","id":"indicator--5","pattern_type":"yara","pattern":"rule x {}"},
    {"type":"indicator","id":"indicator--6","pattern":"[email-message:from_ref.value = 'a@evil.test' AND file:name = 'x.exe']"},
    {"type":"indicator","id":"indicator--7","pattern":"[broken"},
    {"type":"indicator","id":"indicator--8","revoked":true,"pattern":"[domain-name:value = 'old.test']"},
    {"type":"indicator","id":"indicator--9","pattern":"[process:name = 'x']"}
  ]})");
  EXPECT_EQ(l->set.Count(IocType::kSha256), 1u);
  EXPECT_EQ(l->set.Count(IocType::kIpv4), 3u);
  EXPECT_EQ(l->set.CidrCount(), 1u);
  EXPECT_EQ(l->set.Count(IocType::kDomain), 1u);
  EXPECT_EQ(l->set.Count(IocType::kEmail), 1u);
  EXPECT_EQ(l->set.Count(IocType::kFileName), 1u);
  ASSERT_EQ(l->report.issues.size(), 5u);
  EXPECT_NE(l->report.issues[0].where.find("objects[4]"), std::string::npos);
}

TEST(IocLoaderTest, MispEventWithObjectsToIdsAndComposites) {
  auto l = Load(R"({"Event":{"info":"x","Attribute":[
      {"type":"ip-dst","value":"198.51.100.7","to_ids":true},
      {"type":"domain","value":"webmail.example","to_ids":false},
      {"type":"ip-dst|port","value":"198.51.100.8|443","to_ids":"1"},
      {"type":"vulnerability","value":"CVE-2020-1","to_ids":true},
      {"type":"url","value":"http://evil.test/a","to_ids":true,"deleted":true}
    ],"Object":[{"name":"file","Attribute":[
      {"type":"filename|md5","value":"x.exe|d41d8cd98f00b204e9800998ecf8427e","to_ids":true}]}]}})");
  EXPECT_EQ(l->set.Count(IocType::kIpv4), 2u);
  EXPECT_EQ(l->set.Count(IocType::kMd5), 1u);
  EXPECT_EQ(l->set.Count(IocType::kFileName), 1u);
  EXPECT_EQ(l->set.Count(IocType::kDomain), 0u);
  EXPECT_EQ(l->report.not_for_detection, 1u);
  ASSERT_EQ(l->report.issues.size(), 1u);
  EXPECT_EQ(l->report.issues[0].where, "Event.Attribute[3]");
}

TEST(IocLoaderTest, MispResponseList) {
  auto l = Load(
      R"({"response":[{"Event":{"Attribute":[{"type":"md5","value":"d41d8cd98f00b204e9800998ecf8427e","to_ids":1}]}}]})");
  EXPECT_EQ(l->set.Count(IocType::kMd5), 1u);
}

TEST(IocLoaderTest, MispFeedFolder) {
  testing::TempDir dir;
  testing::WriteFile(dir / "feed/manifest.json", R"({"e1":{"info":"a"},"e2":{"info":"b"}})");
  testing::WriteFile(
      dir / "feed/e1.json",
      R"({"Event":{"Attribute":[{"type":"domain","value":"a.test","to_ids":true}]}})");
  testing::WriteFile(
      dir / "feed/e2.json",
      R"({"Event":{"Attribute":[{"type":"domain","value":"b.test","to_ids":true}]}})");
  IocSet set;
  LoadReport report;
  ASSERT_TRUE(LoadIocPath(dir / "feed", &set, &report));
  EXPECT_EQ(set.Count(IocType::kDomain), 2u);
  IocSet empty;
  EXPECT_FALSE(LoadIocPath(dir.Path(), &empty, &report));  // a folder without manifest
}

TEST(IocLoaderTest, BrokenJsonAndWrongShapesFailCleanly) {
  IocSet set;
  LoadReport report;
  EXPECT_FALSE(LoadIocText("{\"type\":\"bundle\",", "x", &set, &report));
  EXPECT_TRUE(LoadIocText(R"({"objects":[{"type":"indicator","revoked":"yes","pattern":1}]})", "x",
                          &set, &report));
  EXPECT_FALSE(report.issues.empty());
  EXPECT_FALSE(LoadIocPath("/nonexistent/iocs.txt", &set, &report));
}

}  // namespace
}  // namespace warroom::sweep
