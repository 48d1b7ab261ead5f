#include "tools/sweep/ioc/indicator.h"

#include <gtest/gtest.h>

namespace warroom::sweep {
namespace {

IocType TypeOf(std::string_view s) {
  auto p = ParseIndicator(s);
  EXPECT_TRUE(p) << s << ": " << (p ? "" : p.error().message);
  return p ? p->type : IocType::kIpv4;
}

TEST(IndicatorTest, DetectsEveryType) {
  EXPECT_EQ(TypeOf("10.0.0.1"), IocType::kIpv4);
  EXPECT_EQ(TypeOf("10.1.2.0/24"), IocType::kIpv4);
  EXPECT_EQ(TypeOf("2001:db8::1"), IocType::kIpv6);
  EXPECT_EQ(TypeOf("evil.com"), IocType::kDomain);
  EXPECT_EQ(TypeOf("http://evil.test/a"), IocType::kUrl);
  EXPECT_EQ(TypeOf("d41d8cd98f00b204e9800998ecf8427e"), IocType::kMd5);
  EXPECT_EQ(TypeOf("da39a3ee5e6b4b0d3255bfef95601890afd80709"), IocType::kSha1);
  EXPECT_EQ(TypeOf("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"),
            IocType::kSha256);
  EXPECT_EQ(TypeOf("user@evil.test"), IocType::kEmail);
  EXPECT_EQ(TypeOf("evil.exe"), IocType::kFileName);
  EXPECT_EQ(TypeOf("ReadMe.txt"), IocType::kFileName);
}

TEST(IndicatorTest, RefangsCommonForms) {
  EXPECT_EQ(Refang("evil[.]com"), "evil.com");
  EXPECT_EQ(Refang("hxxp://evil(.)test/a"), "http://evil.test/a");
  EXPECT_EQ(Refang("hXXps[:]//evil[dot]test"), "https://evil.test");
  EXPECT_EQ(Refang("user[@]evil[.]test"), "user@evil.test");
  EXPECT_EQ(Refang("user[at]evil.test"), "user@evil.test");
  EXPECT_EQ(Refang("10[.]0[.]0[.]1"), "10.0.0.1");
  EXPECT_EQ(Refang("plain.com"), "plain.com");
  auto p = ParseIndicator("  hxxp://EVIL[.]test/A  ");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, IocType::kUrl);
  EXPECT_EQ(p->key, "http://evil.test/A");
}

TEST(IndicatorTest, Normalises) {
  EXPECT_EQ(ParseIndicator("Sub.EVIL.com.")->key, "sub.evil.com");
  EXPECT_EQ(ParseIndicator("*.evil.com")->key, "evil.com");
  EXPECT_EQ(ParseIndicator("HTTP://Evil.Test")->key, "http://evil.test");
  EXPECT_EQ(ParseIndicator("http://evil.test/")->key, "http://evil.test");
  EXPECT_EQ(ParseIndicator("USER@Evil.Test")->key, "user@evil.test");
  EXPECT_EQ(ParseIndicator("ABCDEF0123456789ABCDEF0123456789")->key,
            "abcdef0123456789abcdef0123456789");
  auto cidr = ParseIndicator("10.1.2.77/24");
  ASSERT_TRUE(cidr);
  EXPECT_EQ(cidr->prefix, 24);
  auto one = ParseIndicator("10.1.2.77");
  EXPECT_EQ(one->prefix, 32);
  EXPECT_EQ(one->ipv4, 0x0a01024du);
}

TEST(IndicatorTest, RejectsMalformedValues) {
  for (std::string_view bad : {"", "   ", "not an indicator", "mimikatz", "10.0.0.256/33",
                               "http://", "user@", "@evil.com", "a..b"}) {
    EXPECT_FALSE(ParseIndicator(bad)) << bad;
  }
  EXPECT_FALSE(ParseIndicator(std::string(kMaxIndicatorLength + 1, 'a') + ".com"));
  EXPECT_FALSE(ParseIndicator("10.0.0.1", TypeHint::Exact(IocType::kDomain)));
  EXPECT_FALSE(ParseIndicator("abcd", TypeHint::Exact(IocType::kMd5)));
  EXPECT_FALSE(
      ParseIndicator("da39a3ee5e6b4b0d3255bfef95601890afd80709", TypeHint::Exact(IocType::kMd5)));
  EXPECT_FALSE(ParseIndicator("10.0.0.1/33"));
  EXPECT_FALSE(ParseIndicator("http://evil.test/a b"));
  EXPECT_FALSE(ParseIndicator("dir/evil.exe", TypeHint::Exact(IocType::kFileName)));
}

TEST(IndicatorTest, ExplicitTypesOverrideDetection) {
  auto f = ParseIndicator("mimikatz", TypeHint::Exact(IocType::kFileName));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->type, IocType::kFileName);
  auto d = ParseIndicator("evil.zip", TypeHint::Exact(IocType::kDomain));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->type, IocType::kDomain);
  auto u = ParseIndicator("evil.test/a.php", TypeHint::Exact(IocType::kUrl));
  ASSERT_TRUE(u);
  EXPECT_EQ(u->key, "http://evil.test/a.php");
  auto ip = ParseIndicator("10.0.0.1|443", *TypeHintFromName("ip-dst|port"));
  ASSERT_TRUE(ip);
  EXPECT_EQ(ip->type, IocType::kIpv4);
}

TEST(IndicatorTest, TypeNames) {
  EXPECT_TRUE(TypeHintFromName("ip-dst"));
  EXPECT_TRUE(TypeHintFromName("SHA-256"));
  EXPECT_TRUE(TypeHintFromName("hostname"));
  EXPECT_TRUE(TypeHintFromName("email-src"));
  EXPECT_FALSE(TypeHintFromName("vulnerability"));
  EXPECT_FALSE(TypeHintFromName("file-extension"));
  EXPECT_STREQ(IocTypeName(IocType::kFileName), "filename");
}

TEST(IndicatorTest, FileNameFilterKey) {
  EXPECT_EQ(FileNameFilterKey("evil.exe"), "exe");
  EXPECT_EQ(FileNameFilterKey("invoice (1).pdf"), "pdf");
  EXPECT_EQ(FileNameFilterKey("mimikatz"), "mimikatz");
  EXPECT_EQ(FileNameFilterKey("a b-c_d"), "b-c_d");
}

}  // namespace
}  // namespace warroom::sweep
