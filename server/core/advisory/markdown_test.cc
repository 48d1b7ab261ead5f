#include "server/core/advisory/markdown.h"

#include <gtest/gtest.h>

#include <string>

namespace warroom::core::advisory {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(MarkdownTest, RendersCommonMark) {
  EXPECT_EQ(MarkdownToHtml("# Patch\n\nUpdate **now**: see [CVE](https://cve.example/1)."),
            "<h1>Patch</h1>\n<p>Update <strong>now</strong>: see "
            "<a href=\"https://cve.example/1\">CVE</a>.</p>\n");
  EXPECT_EQ(MarkdownToHtml("- a\n- b\n"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
}

TEST(MarkdownTest, RawHtmlShowsAsEscapedText) {
  const std::string html = MarkdownToHtml(
      "<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> and <b>bold</b>.");
  EXPECT_FALSE(Contains(html, "<script")) << html;
  EXPECT_FALSE(Contains(html, "<img")) << html;
  EXPECT_FALSE(Contains(html, "<b>")) << html;
  EXPECT_TRUE(Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;")) << html;
  EXPECT_TRUE(Contains(html, "&lt;img src=x onerror=alert(2)&gt;")) << html;

  const std::string text = MarkdownToText("Text <img src=x onerror=alert(2)> here.");
  EXPECT_EQ(text, "Text <img src=x onerror=alert(2)> here.\n");
}

TEST(MarkdownTest, UnsafeLinksKeepOnlyTheirText) {
  for (const char* md : {"[click](javascript:alert(1))", "[click](JavaScript:alert(1))",
                         "[click](jav&#x61;script:alert(1))", "[click](data:text/html;base64,PHN)",
                         "[click](data:image/png;base64,iVBO)", "[click](vbscript:msgbox)",
                         "[click](file:///etc/passwd)", "[click](/relative)", "[click](http:x)"}) {
    const std::string html = MarkdownToHtml(md);
    EXPECT_FALSE(Contains(html, "href")) << md << " -> " << html;
    EXPECT_EQ(html, "<p>click</p>\n") << md;
    EXPECT_EQ(MarkdownToText(md), "click\n") << md;
  }
  const std::string autolink = MarkdownToHtml("<javascript:alert(1)>");
  EXPECT_FALSE(Contains(autolink, "href")) << autolink;
  EXPECT_TRUE(Contains(MarkdownToHtml("[m](mailto:cert@example.test)"),
                       "href=\"mailto:cert@example.test\""));
  EXPECT_TRUE(Contains(MarkdownToHtml("[m](HTTPS://example.test/x)"), "href=\"HTTPS://"));
}

TEST(MarkdownTest, ImagesBecomeLinksSoMailLoadsNothing) {
  EXPECT_EQ(MarkdownToHtml("![diagram](https://img.example/d.png \"t\")"),
            "<p><a href=\"https://img.example/d.png\" title=\"t\">diagram</a></p>\n");
  EXPECT_EQ(MarkdownToHtml("![x](data:image/png;base64,AAAA)"), "<p>x</p>\n");
  // An image inside a link: one link, not a nested one.
  EXPECT_EQ(MarkdownToHtml("[![logo](https://img.example/l.png)](https://example.test)"),
            "<p><a href=\"https://example.test\">logo</a></p>\n");
  EXPECT_EQ(MarkdownToText("![diagram](https://img.example/d.png)"),
            "diagram <https://img.example/d.png>\n");
}

TEST(MarkdownTest, PlainTextRendering) {
  const std::string md =
      "# Title\n\nFirst *para*\nline two.\n\n- one\n- two\n\n3. three\n4. four\n\n"
      "> quoted\n> more\n\n    code <x>\n\nSee [docs](https://d.example) or "
      "<https://a.example>.\n\n---\n";
  EXPECT_EQ(MarkdownToText(md),
            "Title\n\nFirst para\nline two.\n\n- one\n- two\n\n3. three\n4. four\n\n"
            "> quoted\n> more\n\n    code <x>\n\nSee docs <https://d.example> or "
            "https://a.example.\n\n----------\n");
  EXPECT_EQ(MarkdownToText("- a\n\n  b\n- c\n"), "- a\n\n  b\n\n- c\n");
  EXPECT_EQ(MarkdownToText(""), "");
}

TEST(MarkdownTest, InvalidUtf8IsReplaced) {
  const std::string html = MarkdownToHtml(
      "a\xff"
      "b");
  EXPECT_EQ(html,
            "<p>a\xEF\xBF\xBD"
            "b</p>\n");
}

TEST(MarkdownTest, DeepNestingIsFlattenedInText) {
  const std::string md = std::string(5000, '>') + " deep";
  const std::string text = MarkdownToText(md);
  EXPECT_TRUE(Contains(text, "deep"));
  EXPECT_LT(text.size(), 200u);
  EXPECT_TRUE(Contains(MarkdownToHtml(md), "deep"));
}

TEST(MarkdownTest, SafeLinkUrl) {
  EXPECT_TRUE(IsSafeLinkUrl("https://x.example"));
  EXPECT_TRUE(IsSafeLinkUrl("http://x.example/a?b#c"));
  EXPECT_TRUE(IsSafeLinkUrl("mailto:a@x.example"));
  EXPECT_FALSE(IsSafeLinkUrl("mailto:"));
  EXPECT_FALSE(IsSafeLinkUrl("https://"));
  EXPECT_FALSE(IsSafeLinkUrl("java\tscript:alert(1)"));
  EXPECT_FALSE(IsSafeLinkUrl(" javascript:alert(1)"));
  EXPECT_FALSE(IsSafeLinkUrl("#anchor"));
  EXPECT_FALSE(IsSafeLinkUrl(""));
}

}  // namespace
}  // namespace warroom::core::advisory
