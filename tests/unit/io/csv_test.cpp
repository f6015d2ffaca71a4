// CsvTable's cell access: ColumnIndex and CellText give each cell as FillRow gives it (trimmed,
// unquoted, "" when not given), the way the loader reads ahead to prefetch what a row names.
#include <gtest/gtest.h>

#include <string>

#include "io/doc.hpp"

namespace chaintwin::io {
namespace {

TEST(CsvTable, CellTextIsTheTextFillRowGives) {
  util::Diagnostics diagnostics;
  auto csv = ParseCsv("id,from,note\nL1, a ,\"say \"\"hi\"\"\"\nL2,,\n", "lanes.csv", diagnostics);
  ASSERT_TRUE(csv.has_value());
  ASSERT_TRUE(diagnostics.empty());
  EXPECT_EQ(csv->ColumnIndex("id"), 0);
  EXPECT_EQ(csv->ColumnIndex("note"), 2);
  EXPECT_EQ(csv->ColumnIndex("to"), -1);
  ASSERT_EQ(csv->row_count(), 2u);
  EXPECT_EQ(csv->CellText(0, 0), "L1");
  EXPECT_EQ(csv->CellText(0, 1), "a");
  EXPECT_EQ(csv->CellText(0, 2), "say \"hi\"");
  EXPECT_EQ(csv->CellText(1, 1), "");
  DocNode row;
  csv->FillRow(0, row);
  ASSERT_NE(row.Find("note"), nullptr);
  EXPECT_EQ(row.Find("note")->text, csv->CellText(0, 2));
  csv->FillRow(1, row);  // the same node, now with one cell given
  EXPECT_EQ(row.entries.size(), 1u);
  EXPECT_EQ(row.Find("from"), nullptr);
  EXPECT_EQ(row.Find("id")->text, "L2");
}

}  // namespace
}  // namespace chaintwin::io
