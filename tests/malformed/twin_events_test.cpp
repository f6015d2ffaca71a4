// Malformed event files: each gets one clear error (file, line, field) and leaves the store as
// it was. The events refer to data/examples/two_tier/network.yaml and its catena_x table.
#include <fstream>

#include <gtest/gtest.h>

#include "chaintwin/twin/live.hpp"
#include "chaintwin/util/error.hpp"
#include "malformed/twin_event_cases.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::twin {
namespace {

using malformed::Case;
using malformed::Cases;
using malformed::Replace;
using malformed::StockLine;

class MalformedEvents : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedEvents, OneClearErrorAndTheStoreUnchanged) {
  const Case& c = GetParam();
  const TwinContext& ctx = testutil::TwoTierContext();
  testutil::TempDir dir;
  auto db = store::OpenStore(dir.File("twin.db"));
  // Something already stored, which must stay exactly as it is.
  store::Batch before;
  before.events = {testutil::Stock("existing", 5, *ParseDateTime("2026-03-01T00:00:00Z"))};
  db->Append(before);
  std::string path = dir.File(c.file);
  std::ofstream(path, std::ios::binary) << c.text;
  try {
    Ingest(*db, ctx, {{path, IngestMode::kReplace}}, {});
    FAIL() << "no error for " << c.name;
  } catch (const InputError& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    const util::Diagnostic& d = e.diagnostics()[0];
    EXPECT_NE(d.ToString().find(c.message), std::string::npos) << d.ToString();
    EXPECT_EQ(d.file, path);
    if (c.line > 0) {
      EXPECT_EQ(d.line, c.line) << d.ToString();
    }
  }
  EXPECT_EQ(db->EventCount(), 1);
  EXPECT_EQ(db->Batches().size(), 1u);
  auto records = db->Records(std::nullopt);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, "existing");
}

INSTANTIATE_TEST_SUITE_P(Twin, MalformedEvents, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(MalformedEvents, AKeyStoredWithOtherContentIsRefusedByTheStore) {
  const TwinContext& ctx = testutil::TwoTierContext();
  testutil::TempDir dir;
  auto db = store::OpenStore(dir.File("twin.db"));
  std::string a = dir.File("a.jsonl"), b = dir.File("b.jsonl");
  std::ofstream(a) << StockLine();
  std::ofstream(b) << Replace(StockLine(), "1200 t", "1300 t");
  Ingest(*db, ctx, {{a, IngestMode::kUpsert}}, {});
  try {
    Ingest(*db, ctx, {{b, IngestMode::kUpsert}}, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(e.diagnostics()[0].message.find("idempotency key `s1` is already stored with other "
                                              "content"),
              std::string::npos);
  }
  EXPECT_EQ(db->EventCount(), 1);
  EXPECT_EQ(db->Records(std::nullopt)[0].quantity, 1200);
}

TEST(MalformedEvents, EveryBadRowOfAFileIsReportedAndNoneOfItStored) {
  const TwinContext& ctx = testutil::TwoTierContext();
  testutil::TempDir dir;
  auto db = store::OpenStore(dir.File("twin.db"));
  std::string path = dir.File("rows.csv");
  std::ofstream(path) << "\xEF\xBB\xBF" "kind;key;owner;customer;supplier;site;material;direction;quantity;unit;time\n"
                         "item_stock;a;BPNL00000000CELL;BPNL00000000CELL;BPNL0000000CNANO;jp_cell;anode_material;inbound;12,5;t;2026-03-02T06:00:00+09:00\n"
                         "item_stock;b;BPNL00000000CELL;BPNL00000000CELL;BPNL0000000CNANO;jp_cel;anode_material;inbound;1;t;2026-03-02T06:00:00+09:00\n"
                         "item_stock;c;BPNL00000000CELL;BPNL00000000CELL;BPNL0000000CNANO;jp_cell;anode_material;inbound;1;GWh;2026-03-02T06:00:00+09:00\n";
  try {
    Ingest(*db, ctx, {{path, IngestMode::kUpsert}}, {});
    FAIL();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].line, 3);
    EXPECT_EQ(e.diagnostics()[0].column, 6);  // site
    EXPECT_NE(e.diagnostics()[0].message.find("'jp_cel'"), std::string::npos);
    EXPECT_EQ(e.diagnostics()[1].line, 4);
    EXPECT_EQ(e.diagnostics()[1].column, 9);  // quantity
  }
  EXPECT_EQ(db->EventCount(), 0);
}

TEST(CsvEvents, ExcelBomSemicolonsAndDecimalCommasAreRead) {
  const TwinContext& ctx = testutil::TwoTierContext();
  util::Diagnostics diags;
  auto events = ReadEvents(
      "\xEF\xBB\xBF" "kind;key;owner;customer;supplier;site;material;direction;quantity;unit;time\r\n"
      "item_stock;a;BPNL00000000CELL;BPNL00000000CELL;BPNL0000000CNANO;BPNS00000000JPCL;ANODE-SCG;inbound;12,5;kt;2026-03-02T06:00:00+09:00\r\n",
      "x.csv", FileFormat::kCsv, ctx, {}, diags);
  ASSERT_TRUE(diags.empty()) << diags[0].ToString();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].site, "jp_cell");
  EXPECT_EQ(events[0].material, "anode_material");
  EXPECT_DOUBLE_EQ(events[0].quantity, 12500.0);
}

TEST(CsvEvents, EveryTemplateReadsBackAgainstTheExampleNetwork) {
  const TwinContext& ctx = testutil::TwoTierContext();
  for (int k = 0; k < kEventKinds; ++k) {
    auto kind = static_cast<EventKind>(k);
    SCOPED_TRACE(std::string(EventKindName(kind)));
    util::Diagnostics diags;
    auto events = ReadEvents(CsvTemplate(kind), "t.csv", FileFormat::kCsv, ctx, {}, diags);
    ASSERT_TRUE(diags.empty()) << diags[0].ToString();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, kind);
  }
}

}  // namespace
}  // namespace chaintwin::twin
