#include "server/core/incident/taxonomy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace warroom::core {
namespace {

constexpr const char* kHeader = "class_key,class_name,type_key,type_name,machinetag,description\n";

TEST(RsitTaxonomy, ParsesTheReferenceData) {
  std::ifstream in(std::string(WARROOM_TEST_REFERENCE_DATA) + "/rsit_taxonomy.csv",
                   std::ios::binary);
  ASSERT_TRUE(in) << "the reference data has no rsit_taxonomy.csv";
  std::ostringstream text;
  text << in.rdbuf();
  auto t = RsitTaxonomy::ParseCsv(text.str());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->types().size(), 39u);  // 11 classes, 39 types (PROVENANCE.md)
  EXPECT_TRUE(t->Contains("malicious-code", "infected-system"));
  EXPECT_TRUE(t->Contains("availability", "sabotage"));
  EXPECT_TRUE(t->Contains("information-content-security", "data-leak"));
  EXPECT_FALSE(t->Contains("malicious-code", "data-leak"));
  EXPECT_TRUE(t->HasClass("fraud"));
  EXPECT_FALSE(t->HasClass("ransomware"));
}

TEST(RsitTaxonomy, ReadsQuotedFieldsAndIgnoresOtherColumns) {
  auto t = RsitTaxonomy::ParseCsv(std::string(kHeader) +
                                  "fraud,Fraud,phishing,Phishing,\"rsit:fraud=\"\"phishing\"\"\","
                                  "\"Masquerading, to get secrets\"\n");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->types().size(), 1u);
  EXPECT_EQ(t->types()[0].description, "Masquerading, to get secrets");
  EXPECT_EQ(t->types()[0].class_name, "Fraud");
}

TEST(RsitTaxonomy, RefusesBadFiles) {
  const std::string h = kHeader;
  EXPECT_FALSE(RsitTaxonomy::ParseCsv(h));                                          // no types
  EXPECT_FALSE(RsitTaxonomy::ParseCsv("class_key,type_key\nfraud,phishing\n"));     // columns
  EXPECT_FALSE(RsitTaxonomy::ParseCsv(h + "Fraud,Fraud,phishing,Phishing,m,d\n"));  // key
  EXPECT_FALSE(RsitTaxonomy::ParseCsv(h + "fraud,,phishing,Phishing,m,d\n"));       // name
  EXPECT_FALSE(RsitTaxonomy::ParseCsv(h + "fraud,Fraud,phishing,Phishing,m,d\n"
                                          "fraud,Fraud,phishing,Phishing,m,d\n"));  // twice
  EXPECT_FALSE(RsitTaxonomy::ParseCsv(h + "fraud,Fraud,phishing,Phishing,m,d\n"
                                          "fraud,Fraude,copyright,Copyright,m,d\n"));  // 2 names
  EXPECT_FALSE(RsitTaxonomy::ParseCsv(h + "fraud,Fraud,\"phish\n"));  // unterminated quote
}

}  // namespace
}  // namespace warroom::core
