#include "server/core/advisory/attachment.h"

#include <gtest/gtest.h>

#include <string>

namespace warroom::core::advisory {
namespace {

std::string Le16(uint32_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF)};
}
std::string Le32(uint32_t v) { return Le16(v & 0xFFFF) + Le16(v >> 16); }

// A minimal ZIP archive with stored entries (name, content), first to last.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string local;
  std::string dir;
  for (const auto& [name, content] : entries) {
    const auto offset = static_cast<uint32_t>(local.size());
    const auto size = static_cast<uint32_t>(content.size());
    const auto name_len = static_cast<uint32_t>(name.size());
    local += std::string("PK\x03\x04", 4) + Le16(10) + Le16(0) + Le16(0) + Le32(0) + Le32(0) +
             Le32(size) + Le32(size) + Le16(name_len) + Le16(0) + name + content;
    dir += std::string("PK\x01\x02", 4) + Le16(20) + Le16(10) + Le16(0) + Le16(0) + Le32(0) +
           Le32(0) + Le32(size) + Le32(size) + Le16(name_len) + Le16(0) + Le16(0) + Le16(0) +
           Le16(0) + Le32(0) + Le32(offset) + name;
  }
  const auto count = static_cast<uint32_t>(entries.size());
  return local + dir + std::string("PK\x05\x06", 4) + Le16(0) + Le16(0) + Le16(count) +
         Le16(count) + Le32(static_cast<uint32_t>(dir.size())) +
         Le32(static_cast<uint32_t>(local.size())) + Le16(0);
}

TEST(SniffAttachment, KnowsTheAcceptedKindsByTheirBytes) {
  EXPECT_EQ(SniffAttachment("%PDF-1.7\n...", "x.exe"), AttachmentType::kPdf);
  EXPECT_EQ(SniffAttachment(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "a.png"),
            AttachmentType::kPng);
  EXPECT_EQ(SniffAttachment("\xFF\xD8\xFF\xE0rest", "a.jpg"), AttachmentType::kJpeg);
  EXPECT_EQ(SniffAttachment("IoC list\n1.2.3.4\tC2\n", "iocs.txt"), AttachmentType::kText);
  EXPECT_EQ(SniffAttachment("\xEF\xBB\xBFip;note\n1.2.3.4;é\n", "IOCS.CSV"), AttachmentType::kCsv);
  EXPECT_EQ(MediaType(AttachmentType::kCsv), "text/csv; charset=utf-8");
}

TEST(SniffAttachment, RefusesExecutablesMarkupScriptsAndBinaryText) {
  EXPECT_EQ(SniffAttachment(std::string("MZ\x90\0\x03\0\0\0", 8), "report.pdf"), std::nullopt);
  EXPECT_EQ(SniffAttachment("\x7F"
                            "ELF\x02\x01",
                            "a.txt"),
            std::nullopt);
  EXPECT_EQ(SniffAttachment("<!DOCTYPE html><script>alert(1)</script>", "a.txt"), std::nullopt);
  EXPECT_EQ(SniffAttachment("  \n<svg xmlns='http://www.w3.org/2000/svg'/>", "a.csv"),
            std::nullopt);
  EXPECT_EQ(SniffAttachment("#!/bin/sh\nrm -rf /\n", "run.txt"), std::nullopt);
  EXPECT_EQ(SniffAttachment(std::string("text\0more", 9), "a.txt"), std::nullopt);
  EXPECT_EQ(SniffAttachment("caf\xC3", "a.txt"), std::nullopt);  // truncated UTF-8
  EXPECT_EQ(SniffAttachment("", "a.txt"), std::nullopt);
}

TEST(SniffAttachment, TellsOfficeFilesFromOtherZips) {
  EXPECT_EQ(SniffAttachment(Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "d"}}),
                            "a.zip"),
            AttachmentType::kDocx);
  EXPECT_EQ(
      SniffAttachment(Zip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "w"}}), "a"),
      AttachmentType::kXlsx);
  EXPECT_EQ(SniffAttachment(Zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                                 {"content.xml", "<x/>"}}),
                            "a.odt"),
            AttachmentType::kOdt);
  EXPECT_EQ(SniffAttachment(Zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}}),
                            "a.ods"),
            AttachmentType::kOds);
  // A plain archive, a macro-enabled document, an ODF template, a truncated archive.
  EXPECT_EQ(SniffAttachment(Zip({{"setup.exe", "MZ"}}), "a.docx"), std::nullopt);
  EXPECT_EQ(SniffAttachment(Zip({{"[Content_Types].xml", "<Types/>"},
                                 {"word/document.xml", "d"},
                                 {"word/vbaProject.bin", "vba"}}),
                            "a.docx"),
            std::nullopt);
  EXPECT_EQ(
      SniffAttachment(Zip({{"mimetype", "application/vnd.oasis.opendocument.text-template"}}), "a"),
      std::nullopt);
  const std::string docx = Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "d"}});
  EXPECT_EQ(SniffAttachment(docx.substr(0, docx.size() - 30), "a.docx"), std::nullopt);
}

TEST(SanitiseFileName, KeepsANameSafeToShowAndToServe) {
  EXPECT_EQ(SanitiseFileName("Rapport incident é.pdf"), "Rapport incident é.pdf");
  EXPECT_EQ(SanitiseFileName("C:\\Users\\x\\..\\secret.pdf"), "secret.pdf");
  EXPECT_EQ(SanitiseFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(SanitiseFileName("a\"b;c\r\nd.txt"), "a_b_cd.txt");
  EXPECT_EQ(SanitiseFileName("invoice\xE2\x80\xAEgpj.exe"), "invoicegpj.exe");  // RLO dropped
  EXPECT_EQ(SanitiseFileName("...hidden"), "hidden");
  EXPECT_EQ(SanitiseFileName("\xFF\xFE"), "attachment");
  EXPECT_EQ(SanitiseFileName(""), "attachment");
  const std::string long_name = SanitiseFileName(std::string(150, 'a') + std::string(60, '\xC3'));
  EXPECT_LE(long_name.size(), kMaxFileNameBytes);
  const std::string accents =
      SanitiseFileName(std::string(150, 'a') + "ééééééééééééééééééééééééééééé");
  EXPECT_LE(accents.size(), kMaxFileNameBytes);
  EXPECT_EQ(accents.size() % 2, 0u);  // never half an é
}

TEST(AttachmentType, NamesRoundTrip) {
  for (auto t : {AttachmentType::kPdf, AttachmentType::kPng, AttachmentType::kJpeg,
                 AttachmentType::kText, AttachmentType::kCsv, AttachmentType::kDocx,
                 AttachmentType::kXlsx, AttachmentType::kOdt, AttachmentType::kOds}) {
    EXPECT_EQ(ParseAttachmentType(Name(t)), t);
  }
  EXPECT_EQ(ParseAttachmentType("exe"), std::nullopt);
}

}  // namespace
}  // namespace warroom::core::advisory
