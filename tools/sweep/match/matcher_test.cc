#include "tools/sweep/match/matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace warroom::sweep {
namespace {

// Every test runs with every kernel this CPU supports: they must find the same hits.
class MatcherTest : public ::testing::TestWithParam<ScanKernel> {
 protected:
  void SetUp() override {
    if (!KernelSupported(GetParam())) {
      GTEST_SKIP() << ScanKernelName(GetParam()) << " is not supported here";
    }
  }

  void Load(std::initializer_list<std::string_view> iocs) {
    set_ = std::make_unique<IocSet>();
    for (std::string_view ioc : iocs) {
      auto parsed = ParseIndicator(ioc);
      ASSERT_TRUE(parsed) << ioc << ": " << parsed.error().message;
      set_->Add(*parsed, ioc);
    }
    set_->Finalize();
    matcher_ = std::make_unique<Matcher>(*set_, GetParam());
  }

  // The texts matched in `text`, in order.
  std::vector<std::string> Matches(std::string_view text) const {
    std::vector<std::string> out;
    for (const RawHit& h : matcher_->ScanAll(text.data(), text.size())) {
      out.emplace_back(text.substr(h.offset, h.length));
    }
    return out;
  }

  bool Hit(std::string_view text) const { return !Matches(text).empty(); }

  void ExpectHits(std::initializer_list<std::string_view> texts) const {
    for (std::string_view t : texts) {
      EXPECT_TRUE(Hit(t)) << "should match: " << t;
    }
  }
  void ExpectNoHits(std::initializer_list<std::string_view> texts) const {
    for (std::string_view t : texts) {
      EXPECT_FALSE(Hit(t)) << "should not match: " << t;
    }
  }

  std::unique_ptr<IocSet> set_;
  std::unique_ptr<Matcher> matcher_;
};

TEST_P(MatcherTest, Ipv4Boundaries) {
  Load({"10.0.0.1"});
  ExpectHits({"10.0.0.1", "conn 10.0.0.1:443 ok", "[10.0.0.1]", "seen from 10.0.0.1.",
              "src=10.0.0.1,dst", "host-10.0.0.1", "a_10.0.0.1", "::ffff:10.0.0.1", "\"10.0.0.1\"",
              "x\t10.0.0.1\n", "10.0.0.1-10.0.0.9", "010.000.000.001", "10.0.0.1_", "10.0.0.1-x"});
  ExpectNoHits({"10.0.0.12", "110.0.0.1", "10.0.0.1.5", "1.10.0.0.1", "10.0.0.1a", "a10.0.0.1",
                "10.0.0.1234", ".10.0.0.1", "10.0.0.10", "10.0.0", "10.0.0.1.0"});
}

TEST_P(MatcherTest, Ipv4FollowedByDashOrUnderscoreIsNotALetter) {
  Load({"10.0.0.1"});
  // '-' and '_' are neither letters nor digits, so the spec allows them on both sides.
  EXPECT_EQ(Matches("a-10.0.0.1-b"), std::vector<std::string>{"10.0.0.1"});
}

TEST_P(MatcherTest, Ipv4MatchTextAndOffset) {
  Load({"192.168.1.20"});
  const std::string text = "Nov 27 sshd: Accepted from 192.168.1.20 port 22\n";
  const auto hits = matcher_->ScanAll(text.data(), text.size());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].offset, text.find("192.168.1.20"));
  EXPECT_EQ(hits[0].length, 12u);
}

TEST_P(MatcherTest, Ipv4Cidr) {
  Load({"10.1.2.0/24", "172.16.0.0/12"});
  ExpectHits({"10.1.2.0", "10.1.2.77", "10.1.2.255", "172.16.0.1", "172.31.255.255"});
  ExpectNoHits({"10.1.3.1", "10.1.20.1", "172.32.0.1", "10.1.2.5.7"});
}

TEST_P(MatcherTest, Ipv4ExactAndCidrBothReported) {
  Load({"10.1.2.3", "10.1.2.0/24"});
  EXPECT_EQ(Matches("x 10.1.2.3 y").size(), 2u);
}

TEST_P(MatcherTest, Ipv6CanonicalForm) {
  Load({"2001:db8::1"});
  ExpectHits({"2001:db8::1", "2001:DB8:0:0:0:0:0:1", "2001:0db8:0000::0001", "[2001:db8::1]:443",
              "src=2001:db8::1 ", "2001:db8::1."});
  ExpectNoHits(
      {"2001:db8::12", "2001:db8::1:5", "a2001:db8::1", "2001:db8::1f", "2001:db8::2", "12:34:56"});
}

TEST_P(MatcherTest, Ipv6Cidr) {
  Load({"2001:db8:aa::/48"});
  ExpectHits({"2001:db8:aa::1", "2001:DB8:AA:ffff::9"});
  ExpectNoHits({"2001:db8:ab::1"});
}

TEST_P(MatcherTest, DomainBoundaries) {
  Load({"evil.com"});
  ExpectHits({"evil.com", "sub.EVIL.com", "EVIL.COM", "evil.com.", "query a.b.evil.com IN A",
              "http://evil.com/x", "user@evil.com", "\"evil.com\"", "evil.com:443",
              "visit evil.com."});
  ExpectNoHits({"notevil.com", "my-evil.com", "evil.com.au", "evil.community", "evil.com-cdn.com",
                "my_evil.com", "evil.co", "evil.comx", "evil.com_x", "evil-com"});
}

TEST_P(MatcherTest, DomainMatchIsTheWholeHostName) {
  Load({"evil.com"});
  EXPECT_EQ(Matches("GET sub.EVIL.com."), std::vector<std::string>{"sub.EVIL.com"});
}

TEST_P(MatcherTest, DomainIndicatorAndItsSubdomainIndicatorBothHit) {
  Load({"evil.com", "cdn.evil.com"});
  EXPECT_EQ(Matches("x.cdn.evil.com").size(), 2u);
  EXPECT_EQ(Matches("x.evil.com").size(), 1u);
}

TEST_P(MatcherTest, UrlBoundaries) {
  Load({"http://evil.test/a"});
  ExpectHits({"http://evil.test/a", "GET http://evil.test/a HTTP/1.1", "\"http://evil.test/a\"",
              "(http://evil.test/a)", "[http://evil.test/a]", "<http://evil.test/a>",
              "http://evil.test/a?x=1", "http://evil.test/a#frag", "HTTP://EVIL.TEST/a",
              "ref='http://evil.test/a'", "x http://evil.test/a\n", "-http://evil.test/a"});
  ExpectNoHits({"http://evil.test/ab", "http://evil.test/a_old", "http://xevil.test/a",
                "xhttp://evil.test/a", "http://evil.test/A", "http://evil.test/a/b",
                "https://evil.test/a", "http://evil.test/a.php", "1http://evil.test/a"});
}

TEST_P(MatcherTest, UrlWithQueryInIndicator) {
  Load({"http://evil.test/a.php?id=1"});
  ExpectHits({"http://evil.test/a.php?id=1", "http://evil.test/a.php?id=1#x"});
  ExpectNoHits({"http://evil.test/a.php?id=12", "http://evil.test/a.php?id=1&b=2",
                "http://evil.test/a.php"});
}

TEST_P(MatcherTest, UrlWithBarePath) {
  Load({"http://evil.test/"});
  ExpectHits(
      {"http://evil.test", "http://evil.test/", "http://evil.test/?q=1", "http://EVIL.test"});
  ExpectNoHits({"http://evil.test/x", "http://evil.test.au/"});
}

TEST_P(MatcherTest, HashBoundaries) {
  Load({"d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"});
  ExpectHits({"d41d8cd98f00b204e9800998ecf8427e", "MD5=D41D8CD98F00B204E9800998ECF8427E;",
              "_d41d8cd98f00b204e9800998ecf8427e_", "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709",
              "\"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\"",
              "d41d8cd98f00b204e9800998ecf8427e.exe"});
  ExpectNoHits({"xd41d8cd98f00b204e9800998ecf8427e", "d41d8cd98f00b204e9800998ecf8427e0",
                "d41d8cd98f00b204e9800998ecf8427eg", "1d41d8cd98f00b204e9800998ecf8427e",
                "d41d8cd98f00b204e9800998ecf8427",
                // the MD5 must not be found inside a longer hex run
                "e3b0c44298fc1c149afbf4c8996fb924d41d8cd98f00b204e9800998ecf8427e"});
}

TEST_P(MatcherTest, EmailBoundaries) {
  Load({"user@evil.test"});
  ExpectHits({"user@evil.test", "From: <user@evil.test>", "USER@EVIL.TEST", "mailto:user@evil.test",
              "to=user@evil.test,", "mail user@evil.test."});
  ExpectNoHits({"xuser@evil.test", "a.user@evil.test", "user@evil.test.au", "user@evil.testing",
                "user@sub.evil.test", "user+tag@evil.test", "user@evil-test"});
}

TEST_P(MatcherTest, FileNameBoundaries) {
  Load({"evil.exe"});
  ExpectHits({"evil.exe", "C:\\Windows\\evil.exe", "/tmp/EVIL.EXE", "\"evil.exe\"", "'evil.exe'",
              "image=evil.exe", "run evil.exe now", "evil.exe,", "evil.exe:Zone",
              "{\"Image\":\"C:\\\\Temp\\\\Evil.exe\"}", "x\tevil.exe\t"});
  ExpectNoHits({"my-evil.exe", "xevil.exe", "evil.exe.bak", "evil.exe_old", "evil.exe-1",
                "evil.exe2", ".evil.exe", "(evil.exe)", "evil.exes", "evil.ex"});
}

TEST_P(MatcherTest, FileNameWithSpaces) {
  auto parsed = ParseIndicator("New Invoice.pdf", TypeHint::Exact(IocType::kFileName));
  ASSERT_TRUE(parsed);
  set_ = std::make_unique<IocSet>();
  set_->Add(*parsed, "New Invoice.pdf");
  set_->Finalize();
  matcher_ = std::make_unique<Matcher>(*set_, GetParam());
  ExpectHits({"C:\\Users\\ann\\New Invoice.pdf", "opened New Invoice.pdf", "\"new invoice.PDF\""});
  ExpectNoHits({"C:\\Users\\ann\\Invoice.pdf", "My New Invoice.pdfx", "xNew Invoice.pdf"});
}

TEST_P(MatcherTest, BinaryJunkAndInvalidUtf8AreBoundaries) {
  Load({"10.0.0.1", "evil.com"});
  const std::string text(
      "\xff\xfe"
      "10.0.0.1"
      "\x80\x00"
      "evil.com"
      "\xc3",
      21);
  EXPECT_EQ(Matches(text), (std::vector<std::string>{"10.0.0.1", "evil.com"}));
}

TEST_P(MatcherTest, SeveralTypesInOneLineInOrder) {
  Load({"10.0.0.1", "evil.com", "http://evil.com/x", "user@evil.com"});
  const std::string line = R"({"src":"10.0.0.1","url":"http://evil.com/x","from":"user@evil.com"})";
  EXPECT_EQ(Matches(line), (std::vector<std::string>{"10.0.0.1", "http://evil.com/x", "evil.com",
                                                     "user@evil.com", "evil.com"}));
}

TEST_P(MatcherTest, OwnedRangeLimitsReportedHits) {
  Load({"10.0.0.1"});
  const std::string text = "10.0.0.1 10.0.0.1 10.0.0.1";
  std::vector<RawHit> hits;
  matcher_->Scan(text.data(), text.size(), 1, 18, true, 100, &hits);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].offset, 109u);
}

TEST_P(MatcherTest, CandidatesAtUnknownBufferEndAreLeftForTheNextBuffer) {
  Load({"10.0.0.1", "evil.com"});
  const std::string text = "a 10.0.0.1";
  std::vector<RawHit> hits;
  // Not at the end of the stream: the next byte could be a digit.
  matcher_->Scan(text.data(), text.size(), 0, text.size(), false, 0, &hits);
  EXPECT_TRUE(hits.empty());
  matcher_->Scan(text.data(), text.size(), 0, text.size(), true, 0, &hits);
  EXPECT_EQ(hits.size(), 1u);
}

TEST_P(MatcherTest, FileNameWithoutDotMatchesEveryWord) {
  auto parsed = ParseIndicator("mimikatz", TypeHint::Exact(IocType::kFileName));
  ASSERT_TRUE(parsed);
  set_ = std::make_unique<IocSet>();
  set_->Add(*parsed, "mimikatz");
  set_->Finalize();
  ASSERT_TRUE(set_->FileNameWithoutDotInLastWord());
  matcher_ = std::make_unique<Matcher>(*set_, GetParam());
  ExpectHits({"mimikatz", "run C:\\tools\\MimiKatz now", "image=mimikatz"});
  ExpectNoHits({"mimikatz.exe", "xmimikatz", "mimikatz_x"});
}

TEST_P(MatcherTest, CandidatesAtEveryOffsetAcrossLanesAndWindows) {
  Load({"10.0.0.1", "evil.com", "http://evil.test/a", "user@evil.test",
        "d41d8cd98f00b204e9800998ecf8427e", "evil.exe"});
  const std::vector<std::string> tokens = {"10.0.0.1",
                                           "sub.evil.com",
                                           "http://evil.test/a",
                                           "user@evil.test",
                                           "D41D8CD98F00B204E9800998ECF8427E",
                                           "evil.exe"};
  // Each token at every offset around the 64-byte blocks and the 4096-byte windows of
  // the trigger pre-pass, in a buffer of filler words.
  for (const size_t around : {size_t{64}, size_t{128}, kTriggerWindow, 2 * kTriggerWindow}) {
    for (size_t shift = 0; shift < 80; ++shift) {
      for (const std::string& token : tokens) {
        const size_t at = around - std::min(around, shift);
        std::string text(at, 'w');
        for (size_t i = 7; i < text.size(); i += 8) {
          text[i] = ' ';
        }
        if (!text.empty()) {
          text.back() = ' ';
        }
        text += token + " tail words\n";
        EXPECT_EQ(Matches(text), std::vector<std::string>{token}) << "at " << at;
      }
    }
  }
}

std::string KernelName(const ::testing::TestParamInfo<ScanKernel>& info) {
  return ScanKernelName(info.param);
}

INSTANTIATE_TEST_SUITE_P(Kernels, MatcherTest,
                         ::testing::Values(ScanKernel::kScalar, ScanKernel::kSse2,
                                           ScanKernel::kAvx2),
                         KernelName);

// Differential test: random log-like bytes full of indicators, near misses, long words
// and separators; every kernel must report exactly what the scalar kernel reports, for
// whole buffers and for owned sub-ranges of buffers that end mid-stream.
std::unique_ptr<IocSet> DifferentialSet(bool dotless_file_name) {
  auto set = std::make_unique<IocSet>();
  for (const char* v :
       {"10.0.0.1", "10.1.2.0/24", "2001:db8::1", "evil.com", "a.b.evil.com", "http://evil.test/a",
        "http://evil.test/", "https://x.example/p?q=1", "user@evil.test",
        "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "evil.exe"}) {
    auto parsed = ParseIndicator(v);
    EXPECT_TRUE(parsed) << v;
    set->Add(*parsed, v);
  }
  for (const char* v : {"New Invoice.pdf", "report.docx"}) {
    auto parsed = ParseIndicator(v, TypeHint::Exact(IocType::kFileName));
    EXPECT_TRUE(parsed) << v;
    set->Add(*parsed, v);
  }
  if (dotless_file_name) {
    auto parsed = ParseIndicator("mimikatz", TypeHint::Exact(IocType::kFileName));
    EXPECT_TRUE(parsed);
    set->Add(*parsed, "mimikatz");
  }
  set->Finalize();
  return set;
}

std::string RandomLog(std::mt19937& rng, size_t size) {
  static const std::vector<std::string> pieces = {
      "10.0.0.1",
      "10.0.0.12",
      "10.1.2.77",
      "a-10.0.0.1",
      "1.10.0.0.1",
      "10.0.0.1.5",
      "2001:db8::1",
      "2001:DB8:0:0:0:0:0:1",
      "::ffff:10.0.0.1",
      "evil.com",
      "sub.EVIL.com",
      "notevil.com",
      "evil.com.au",
      "a.b.evil.com",
      "http://evil.test/a",
      "HTTP://EVIL.TEST/a",
      "http://evil.test/ab",
      "http://evil.test/",
      "https://x.example/p?q=1#f",
      "user@evil.test",
      "xuser@evil.test",
      "d41d8cd98f00b204e9800998ecf8427e",
      "D41D8CD98F00B204E9800998ECF8427E0",
      "da39a3ee5e6b4b0d3255bfef95601890afd80709",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "evil.exe",
      "my-evil.exe",
      "C:\\Temp\\Evil.exe",
      "New Invoice.pdf",
      "report.docx",
      "mimikatz",
      "MIMIKATZ",
      "x_mimikatz",
      "index.php",
      "1732700000.123",
      "10:00:01.123",
      "HTTP/1.1",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "0123456789abcdef0123456789abcdef0",
      "-",
      "_",
      ".",
      ":",
      "@",
      "/",
      "\"",
      "'",
      "=",
      " ",
      " ",
      " ",
      "\t",
      "\n",
      "\r\n",
      std::string("\0\x80\xff\xc3", 4)};
  std::string out;
  while (out.size() < size) {
    if (rng() % 8 == 0) {
      out += static_cast<char>(rng() % 256);
    } else {
      out += pieces[rng() % pieces.size()];
    }
  }
  out.resize(size);
  return out;
}

std::vector<RawHit> Sorted(std::vector<RawHit> hits) {
  std::sort(hits.begin(), hits.end(), [](const RawHit& a, const RawHit& b) {
    return std::tie(a.offset, a.indicator, a.length) < std::tie(b.offset, b.indicator, b.length);
  });
  return hits;
}

bool SameHits(const std::vector<RawHit>& a, const std::vector<RawHit>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) {
           return x.offset == y.offset && x.length == y.length && x.indicator == y.indicator;
         });
}

TEST(MatcherKernelsTest, EveryKernelFindsWhatTheScalarKernelFinds) {
  std::mt19937 rng(11);
  for (const bool dotless : {false, true}) {
    const auto set = DifferentialSet(dotless);
    const Matcher scalar(*set, ScanKernel::kScalar);
    for (const ScanKernel kernel : {ScanKernel::kSse2, ScanKernel::kAvx2}) {
      if (!KernelSupported(kernel)) {
        continue;
      }
      const Matcher vector(*set, kernel);
      size_t hits_seen = 0;
      for (int round = 0; round < 150; ++round) {
        const size_t size = round % 10 == 0 ? 9000 + rng() % 300 : rng() % 700;
        const std::string text = RandomLog(rng, size);
        const auto want = scalar.ScanAll(text.data(), text.size());
        ASSERT_TRUE(SameHits(Sorted(vector.ScanAll(text.data(), text.size())), Sorted(want)))
            << ScanKernelName(kernel) << " round " << round;
        hits_seen += want.size();
        // An owned middle range of a buffer that is not the end of the stream.
        const size_t b = size == 0 ? 0 : rng() % size;
        const size_t e = b + (size == b ? 0 : rng() % (size - b));
        for (const bool at_end : {false, true}) {
          std::vector<RawHit> w;
          std::vector<RawHit> v;
          scalar.Scan(text.data(), text.size(), b, e, at_end, 5, &w);
          vector.Scan(text.data(), text.size(), b, e, at_end, 5, &v);
          ASSERT_TRUE(SameHits(Sorted(v), Sorted(w)))
              << ScanKernelName(kernel) << " round " << round << " range " << b << "-" << e;
        }
      }
      EXPECT_GT(hits_seen, 500u);  // the test really compares hits
    }
  }
}

}  // namespace
}  // namespace warroom::sweep
