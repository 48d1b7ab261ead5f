#include "server/core/csv/csv_reader.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace warroom::core::csv {
namespace {

using ::testing::ElementsAre;

using Fields = std::vector<std::string>;

CsvTable MustParse(std::string_view input, const CsvOptions& options = {}) {
  auto table = ParseCsv(input, options);
  EXPECT_TRUE(table.has_value()) << (table.has_value() ? "" : table.error().message);
  return table.has_value() ? *std::move(table) : CsvTable{};
}

struct Failure {
  std::string message;
  CsvErrorLocation location;
};

Failure MustFail(std::string_view input, const CsvOptions& options = {}) {
  CsvErrorLocation location;
  auto table = ParseCsv(input, options, &location);
  EXPECT_FALSE(table.has_value());
  if (table.has_value()) {
    return {};
  }
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  return {table.error().message, location};
}

TEST(CsvReaderTest, SimpleCommaFile) {
  const CsvTable t = MustParse("name,email\nJane,jane@example.org\nJohn,john@example.org\n");
  EXPECT_EQ(t.delimiter, ',');
  EXPECT_THAT(t.header, ElementsAre("name", "email"));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].line, 2);
  EXPECT_THAT(t.rows[0].fields, ElementsAre("Jane", "jane@example.org"));
  EXPECT_EQ(t.rows[1].line, 3);
  EXPECT_THAT(t.rows[1].fields, ElementsAre("John", "john@example.org"));
}

TEST(CsvReaderTest, HeaderOnly) {
  const CsvTable t = MustParse("a,b,c");
  EXPECT_THAT(t.header, ElementsAre("a", "b", "c"));
  EXPECT_TRUE(t.rows.empty());
}

TEST(CsvReaderTest, NoTrailingNewline) {
  const CsvTable t = MustParse("a,b\n1,2");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_THAT(t.rows[0].fields, ElementsAre("1", "2"));
}

TEST(CsvReaderTest, CrlfAndLoneCrLineEnds) {
  const CsvTable crlf = MustParse("a,b\r\n1,2\r\n3,4\r\n");
  ASSERT_EQ(crlf.rows.size(), 2u);
  EXPECT_EQ(crlf.rows[1].line, 3);
  EXPECT_THAT(crlf.rows[1].fields, ElementsAre("3", "4"));
  const CsvTable cr = MustParse("a,b\r1,2\r3,4");
  ASSERT_EQ(cr.rows.size(), 2u);
  EXPECT_EQ(cr.rows[1].line, 3);
  const CsvTable mixed = MustParse("a,b\n1,2\r\n3,4\r5,6\n");
  ASSERT_EQ(mixed.rows.size(), 3u);
  EXPECT_EQ(mixed.rows[2].line, 4);
}

TEST(CsvReaderTest, TrailingAndInnerBlankLinesAreSkipped) {
  const CsvTable t = MustParse("a,b\n1,2\n\n\n3,4\n\r\n");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].line, 2);
  EXPECT_EQ(t.rows[1].line, 5);  // physical line, counting the blank ones
  const CsvTable leading = MustParse("\n\na,b\n1,2\n");
  EXPECT_THAT(leading.header, ElementsAre("a", "b"));
  EXPECT_EQ(leading.rows.at(0).line, 4);
}

TEST(CsvReaderTest, QuotedFieldsRfc4180) {
  const CsvTable t = MustParse(
      "name,note,phone\n"
      "\"Doe, John\",\"He said \"\"hi\"\"\",\"\"\n"
      "\"multi\nline\",\"a\r\nb\",x\n"
      "plain,\"\"\"\",\"\"\"\"\"\"\n");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_THAT(t.rows[0].fields, ElementsAre("Doe, John", "He said \"hi\"", ""));
  EXPECT_EQ(t.rows[1].line, 3);
  EXPECT_THAT(t.rows[1].fields, ElementsAre("multi\nline", "a\r\nb", "x"));
  // The record with two embedded line breaks spans lines 3-5, so the next starts at 6.
  EXPECT_EQ(t.rows[2].line, 6);
  EXPECT_THAT(t.rows[2].fields, ElementsAre("plain", "\"", "\"\""));
}

TEST(CsvReaderTest, EmptyFieldsAndTrailingDelimiter) {
  const CsvTable t = MustParse("a,b,c\n,,\n1,,\n");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_THAT(t.rows[0].fields, ElementsAre("", "", ""));
  EXPECT_THAT(t.rows[1].fields, ElementsAre("1", "", ""));
}

TEST(CsvReaderTest, SpacesArePreserved) {
  // RFC 4180: spaces are part of a field; a quote after a space is not an opening quote.
  EXPECT_FALSE(ParseCsv("a,b\n 1 , \"2\"\n").has_value());
  const CsvTable ok = MustParse("a,b\n 1 ,\" 2 \"\n");
  EXPECT_THAT(ok.rows.at(0).fields, ElementsAre(" 1 ", " 2 "));
}

TEST(CsvReaderTest, Utf8BomIsStripped) {
  const CsvTable t = MustParse("\xEF\xBB\xBFname,city\nJ\xC3\xBCrgen,K\xC3\xB6ln\n");
  EXPECT_THAT(t.header, ElementsAre("name", "city"));
  EXPECT_THAT(t.rows.at(0).fields, ElementsAre("J\xC3\xBCrgen", "K\xC3\xB6ln"));
  EXPECT_TRUE(t.Column("name").has_value());
}

TEST(CsvReaderTest, DetectsDelimiter) {
  EXPECT_EQ(DetectDelimiter("a,b,c\n"), ',');
  EXPECT_EQ(DetectDelimiter("a;b;c\n1,5;2,5;3\n"), ';');
  EXPECT_EQ(DetectDelimiter("a\tb\tc\n"), '\t');
  EXPECT_EQ(DetectDelimiter("single\n"), ',');
  EXPECT_EQ(DetectDelimiter(""), ',');
  EXPECT_EQ(DetectDelimiter("a,b;c\n"), ',');        // tie: ',' wins
  EXPECT_EQ(DetectDelimiter("\"x,y,z\";b\n"), ';');  // quoted commas do not count
  EXPECT_EQ(DetectDelimiter("\xEF\xBB\xBF"
                            "a;b\n"),
            ';');
  EXPECT_EQ(DetectDelimiter("\n\na;b\nc,d,e,f\n"), ';');  // only the header line counts
  EXPECT_EQ(DetectDelimiter("\"a\nb,c,d\";e\n"), ';');    // header line continues in quotes
}

TEST(CsvReaderTest, SemicolonFileAsExcelWritesIt) {
  const CsvTable t = MustParse("Name;Betrag\r\nM\xC3\xBCller;\"1,50\"\r\nSchmidt;2,75\r\n");
  EXPECT_EQ(t.delimiter, ';');
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_THAT(t.rows[1].fields, ElementsAre("Schmidt", "2,75"));
}

TEST(CsvReaderTest, TabFile) {
  const CsvTable t = MustParse("a\tb\n1\t\"x\ty\"\n");
  EXPECT_EQ(t.delimiter, '\t');
  EXPECT_THAT(t.rows.at(0).fields, ElementsAre("1", "x\ty"));
}

TEST(CsvReaderTest, ExplicitDelimiterOverridesDetection) {
  CsvOptions options;
  options.delimiter = ';';
  const CsvTable t = MustParse("a,b;c\n1,2;3\n", options);
  EXPECT_EQ(t.delimiter, ';');
  EXPECT_THAT(t.header, ElementsAre("a,b", "c"));
}

TEST(CsvReaderTest, ColumnLookup) {
  const CsvTable t = MustParse("Name, E-Mail ,phone,\n1,2,3,4\n");
  EXPECT_EQ(t.Column("name").value_or(99), 0u);
  EXPECT_EQ(t.Column("NAME").value_or(99), 0u);
  EXPECT_EQ(t.Column("e-mail").value_or(99), 1u);
  EXPECT_EQ(t.Column(" Phone ").value_or(99), 2u);
  auto missing = t.Column("address");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "the file has no column \"address\"");
  EXPECT_FALSE(t.Column("").has_value());
}

TEST(CsvReaderTest, EmptyInputIsAnError) {
  for (std::string_view empty : {"", "\n", "\r\n\r\n", "\xEF\xBB\xBF"}) {
    const Failure f = MustFail(empty);
    EXPECT_EQ(f.message,
              "line 1, column 1: the file is empty; the first line must name the columns");
    EXPECT_EQ(f.location.line, 1);
    EXPECT_EQ(f.location.column, 1);
  }
}

TEST(CsvReaderTest, RowWithTooFewFields) {
  const Failure f = MustFail("name,email,phone\nJane,jane@example.org,1\nJohn,x\n");
  EXPECT_EQ(f.message, "line 3, column 3 (\"phone\"): the row has 2 field(s) but the header has 3");
  EXPECT_EQ(f.location.line, 3);
  EXPECT_EQ(f.location.column, 3);
  EXPECT_EQ(f.location.column_name, "phone");
}

TEST(CsvReaderTest, RowWithTooManyFields) {
  const Failure f = MustFail("a,b\n1,2\n\n1,2,3\n");
  EXPECT_EQ(f.message, "line 4, column 3: the row has more fields than the header (2)");
  EXPECT_EQ(f.location.line, 4);
  EXPECT_EQ(f.location.column, 3);
  EXPECT_EQ(f.location.column_name, "");
}

TEST(CsvReaderTest, BlankLineInsideAWideFileIsNotARow) {
  // A line containing only spaces is not blank: it is a one-field row.
  const Failure f = MustFail("a,b\n  \n");
  EXPECT_EQ(f.location.line, 2);
  EXPECT_EQ(f.location.column, 2);
}

TEST(CsvReaderTest, InvalidUtf8) {
  const Failure f = MustFail("name,city\nJane,K\xF6ln\n");  // Latin-1 "Köln"
  EXPECT_EQ(f.message,
            "line 2, column 2 (\"city\"): the text is not valid UTF-8 (save the file as "
            "\"CSV UTF-8\")");
  EXPECT_EQ(f.location.column_name, "city");
  for (std::string_view bad :
       {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80", "\xFF"}) {
    const Failure g = MustFail("a\n" + std::string(bad) + "\n");
    EXPECT_EQ(g.location.line, 2);
    EXPECT_EQ(g.location.column, 1);
  }
  const Failure header = MustFail("a,\xFF\n");
  EXPECT_EQ(header.message,
            "line 1, column 2: the text is not valid UTF-8 (save the file as "
            "\"CSV UTF-8\")");
}

TEST(CsvReaderTest, NulByteIsRejected) {
  const Failure f = MustFail(std::string_view("a,b\n1,x\0y\n", 10));
  EXPECT_EQ(f.message, "line 2, column 2 (\"b\"): the field contains a NUL byte");
}

TEST(CsvReaderTest, UnterminatedQuote) {
  const Failure f = MustFail("a,b\n1,\"never closed\n2,3\n");
  EXPECT_EQ(f.message, "line 2, column 2 (\"b\"): a quoted field is not closed (missing '\"')");
  EXPECT_EQ(f.location.line, 2);
}

TEST(CsvReaderTest, TextAfterClosingQuote) {
  const Failure f = MustFail("a,b\n\"x\"y,2\n");
  EXPECT_EQ(f.message,
            "line 2, column 1 (\"a\"): unexpected text after the closing quote of a field");
  // Reported on the line where the quote closed.
  const Failure multi = MustFail("a,b\n1,\"x\ny\"z\n");
  EXPECT_EQ(multi.location.line, 3);
  EXPECT_EQ(multi.location.column, 2);
}

TEST(CsvReaderTest, QuoteInsideUnquotedField) {
  const Failure f = MustFail("a,b\n1,5\" screen\n");
  EXPECT_EQ(f.message,
            "line 2, column 2 (\"b\"): a quote character appears in a field that does not "
            "start with a quote");
}

TEST(CsvReaderTest, DuplicateHeaderNames) {
  const Failure f = MustFail("email,name,E-Mail, EMAIL \n");
  EXPECT_EQ(f.location.line, 1);
  EXPECT_EQ(f.location.column, 4);
  EXPECT_EQ(f.location.column_name, " EMAIL ");
  EXPECT_EQ(f.message,
            "line 1, column 4 (\" EMAIL \"): the column name appears more than once in the "
            "header");
  // Empty names (e.g. trailing delimiters from a spreadsheet) are not duplicates.
  const CsvTable t = MustParse("a,,\n1,2,3\n");
  EXPECT_EQ(t.header.size(), 3u);
}

TEST(CsvReaderTest, FieldSizeLimit) {
  CsvOptions options;
  options.max_field_bytes = 5;
  const CsvTable ok = MustParse("a,b\n12345,\"1\"\"345\"\n", options);
  EXPECT_THAT(ok.rows.at(0).fields, ElementsAre("12345", "1\"345"));
  const Failure f = MustFail("a,b\n1,123456\n", options);
  EXPECT_EQ(f.message, "line 2, column 2 (\"b\"): the field is longer than 5 bytes");
  const Failure quoted = MustFail("a,b\n\"123\n456\",1\n", options);
  EXPECT_EQ(quoted.location.line, 2);
  EXPECT_EQ(quoted.location.column, 1);
  const Failure header = MustFail("abcdef\n", options);
  EXPECT_EQ(header.message, "line 1, column 1: the field is longer than 5 bytes");
}

TEST(CsvReaderTest, RowLimit) {
  CsvOptions options;
  options.max_rows = 2;
  EXPECT_EQ(MustParse("a\n1\n2\n\n", options).rows.size(), 2u);
  const Failure f = MustFail("a\n1\n2\n3\n", options);
  EXPECT_EQ(f.message, "line 4, column 1 (\"a\"): the file has more than 2 rows");
}

TEST(CsvReaderTest, ColumnLimit) {
  CsvOptions options;
  options.max_columns = 3;
  EXPECT_EQ(MustParse("a,b,c\n1,2,3\n", options).header.size(), 3u);
  const Failure f = MustFail("a,b,c,d\n", options);
  EXPECT_EQ(f.message, "line 1, column 4: the header has more than 3 columns");
}

TEST(CsvReaderTest, LocationIsUntouchedOnSuccess) {
  CsvErrorLocation location{7, 8, "x"};
  ASSERT_TRUE(ParseCsv("a\n1\n", {}, &location).has_value());
  EXPECT_EQ(location.line, 7);
}

TEST(CsvReaderTest, SingleColumnFile) {
  const CsvTable t = MustParse("email\r\na@example.org\r\nb@example.org");
  EXPECT_EQ(t.delimiter, ',');
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1].fields, Fields{"b@example.org"});
}

TEST(CsvReaderTest, QuotedFieldAtEndOfInput) {
  const CsvTable t = MustParse("a,b\n1,\"x\"");
  EXPECT_THAT(t.rows.at(0).fields, ElementsAre("1", "x"));
  const CsvTable empty_quoted = MustParse("a\n\"\"\n");
  EXPECT_EQ(empty_quoted.rows.at(0).fields, Fields{""});
}

}  // namespace
}  // namespace warroom::core::csv
