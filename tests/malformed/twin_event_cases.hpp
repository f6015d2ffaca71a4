// The malformed event files of issue 21 (tests/malformed/twin_events_test.cpp), shared with the
// differential test of the two JSON parsers (tests/unit/twin/json_parser_test.cpp). The events
// refer to data/examples/two_tier/network.yaml and its catena_x table.
#pragma once

#include <string>
#include <vector>

namespace chaintwin::twin::malformed {

struct Case {
  const char* name;
  const char* file;     // name; its extension picks the format
  std::string text;
  const char* message;  // a part of the one message we promise
  int line = 0;         // expected line (0: not checked)
};

// A valid inbound stock line with one field replaced: {"field": value} spliced in.
inline std::string StockLine(const std::string& change = "") {
  std::string base =
      R"({"key":"s1","kind":"item_stock","owner":"BPNL00000000CELL","customer":"BPNL00000000CELL",)"
      R"("supplier":"BPNL0000000CNANO","site":"jp_cell","material":"anode_material",)"
      R"("direction":"inbound","quantity":"1200 t","time":"2026-03-02T06:00:00+09:00")";
  return base + change + "}\n";
}
inline std::string Replace(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}
inline std::string Delivery(const std::string& owner, const std::string& incoterm,
                     const std::string& extra = "") {
  return R"({"key":"v1","kind":"delivery","owner":")" + owner +
         R"(","customer":"BPNL00000000CELL","supplier":"BPNL0000000CNANO","origin":"cn_anode",)"
         R"("destination":"jp_cell","material":"anode_material","quantity":"300 t","incoterm":")" +
         incoterm + R"(","departure":"2026-03-01T10:00:00Z","estimated_arrival":"2026-03-05T08:00:00Z",)"
         R"("time":"2026-03-02T05:00:00Z")" + extra + "}\n";
}
inline std::string Demand(const std::string& demands, const std::string& extra = "") {
  return R"({"key":"d1","kind":"demand","owner":"BPNL00000000CELL","customer":"BPNL00000000CELL",)"
         R"("supplier":"BPNL0000000CNANO","site":"jp_cell","material":"anode_material","demands":)" +
         demands + R"(,"time":"2026-03-02T07:00:00+09:00")" + extra + "}\n";
}
inline const char* kCsvHeader =
    "kind,key,owner,customer,supplier,site,material,direction,quantity,blocked_quantity,unit,time\n";

inline std::vector<Case> Cases() {
  const std::string ok = StockLine();
  return {
      {"bad_json", "e.jsonl", ok + "{\"key\": \"a\",\n", "not a JSON object", 2},
      {"truncated_jsonl", "e.jsonl", ok + ok.substr(0, 80), "not a JSON object", 2},
      {"not_an_object", "e.jsonl", "[1,2,3]\n", "expected an event object", 1},
      {"unknown_kind", "e.jsonl", Replace(ok, "item_stock", "stock_level"), "expected one of item_stock", 1},
      {"missing_key", "e.jsonl", Replace(ok, R"("key":"s1",)", ""), "missing `key`", 1},
      {"missing_time", "e.jsonl", Replace(ok, R"(,"time":"2026-03-02T06:00:00+09:00")", ""), "missing `time`", 1},
      {"time_without_zone", "e.jsonl", Replace(ok, "06:00:00+09:00", "06:00:00"), "with a time zone", 1},
      {"impossible_date", "e.jsonl", Replace(ok, "2026-03-02T", "2026-02-30T"), "with a time zone", 1},
      {"wrong_unit", "e.jsonl", Replace(ok, "1200 t", "1200 GWh"), "wrong unit: expected mass", 1},
      {"no_unit", "e.jsonl", Replace(ok, R"("1200 t")", "1200"), "expected a quantity with its unit", 1},
      {"negative_quantity", "e.jsonl", Replace(ok, "1200 t", "-5 t"), "from 0 to 1e15", 1},
      {"huge_quantity", "e.jsonl", Replace(ok, "1200 t", "1e30 t"), "from 0 to 1e15", 1},
      {"unknown_unit", "e.jsonl", Replace(ok, "1200 t", "1200 bushels"), "expected a quantity such as", 1},
      {"unknown_site", "e.jsonl", Replace(ok, "jp_cell", "jp_cells"), "unknown site 'jp_cells'", 1},
      {"unknown_bpns", "e.jsonl", Replace(ok, "\"jp_cell\"", "\"BPNS0000000000XX\""), "unknown site 'BPNS0000000000XX'", 1},
      {"unknown_material", "e.jsonl", Replace(ok, "anode_material", "graphite_anode"), "unknown material 'graphite_anode'", 1},
      {"site_without_material", "e.jsonl", Replace(ok, "jp_cell", "jp_ev"), "site `jp_ev` holds no `anode_material`", 1},
      {"unknown_organization", "e.jsonl", Replace(ok, R"("supplier":"BPNL0000000CNANO")", R"("supplier":"BPNL0000000XXXXX")"), "unknown organization 'BPNL0000000XXXXX'", 1},
      {"owner_not_a_party", "e.jsonl", Replace(ok, R"("owner":"BPNL00000000CELL")", R"("owner":"BPNL0000000JPANO")"), "is neither the customer", 1},
      {"inbound_from_supplier", "e.jsonl", Replace(Replace(ok, R"("owner":"BPNL00000000CELL")", R"("owner":"BPNL0000000CNANO")"), "\"jp_cell\"", "\"cn_anode\""), "inbound stock is reported by the customer", 1},
      {"outbound_from_customer", "e.jsonl", Replace(ok, "inbound", "outbound"), "outbound stock is reported by the supplier", 1},
      {"stock_at_partners_site", "e.jsonl", Replace(ok, "\"jp_cell\"", "\"cn_anode\""), "site `cn_anode` is run by 'BPNL0000000CNANO'", 1},
      {"bad_direction", "e.jsonl", Replace(ok, "inbound", "INBOUND"), "expected inbound or outbound", 1},
      {"same_customer_and_supplier", "e.jsonl", Replace(ok, R"("supplier":"BPNL0000000CNANO")", R"("supplier":"BPNL00000000CELL")"), "customer and supplier are the same", 1},
      {"unknown_field", "e.jsonl", StockLine(R"(,"warehouse":"W1")"), "unknown field `warehouse`", 1},
      {"demand_from_supplier", "e.jsonl", Replace(Demand(R"([{"day":"2026-03-03","quantity":"40 t"}])"), R"("owner":"BPNL00000000CELL")", R"("owner":"BPNL0000000CNANO")"), "demand is reported by its customer", 1},
      {"demand_empty", "e.jsonl", Demand("[]"), "expected a non-empty list", 1},
      {"demand_day_twice", "e.jsonl", Demand(R"([{"day":"2026-03-03","quantity":"40 t"},{"day":"2026-03-03","quantity":"1 t"}])"), "is given twice", 1},
      {"demand_bad_day", "e.jsonl", Demand(R"([{"day":"03/03/2026","quantity":"40 t"}])"), "expected a date YYYY-MM-DD", 1},
      {"demand_bad_category", "e.jsonl", Demand(R"([{"day":"2026-03-03","quantity":"40 t"}])", R"(,"category":"XX01")"), "expected a demand category code", 1},
      {"delivery_exw_by_supplier", "e.jsonl", Delivery("BPNL0000000CNANO", "EXW"), "under EXW the delivery is reported by the customer", 1},
      {"delivery_dap_by_customer", "e.jsonl", Delivery("BPNL00000000CELL", "DAP"), "under DAP the delivery is reported by the supplier", 1},
      {"delivery_roles_swapped", "e.jsonl", Replace(Replace(Delivery("BPNL0000000CNANO", "FCA"), R"("customer":"BPNL00000000CELL")", R"("customer":"BPNL0000000CNANO")"), R"("supplier":"BPNL0000000CNANO")", R"("supplier":"BPNL00000000CELL")"), "site `cn_anode` is run by 'BPNL0000000CNANO', not by the supplier", 1},
      {"delivery_no_lane", "e.jsonl", Replace(Delivery("BPNL0000000CNANO", "FCA"), R"("origin":"cn_anode")", R"("origin":"cn_graphite")"), "no lane from `cn_graphite` to `jp_cell`", 1},
      {"delivery_arrives_before_departure", "e.jsonl", Replace(Delivery("BPNL0000000CNANO", "FCA"), "2026-03-05T08:00:00Z", "2026-02-25T08:00:00Z"), "arrives (2026-02-25T08:00:00Z) before it departs", 1},
      {"delivery_no_arrival", "e.jsonl", Replace(Delivery("BPNL0000000CNANO", "FCA"), R"("estimated_arrival":"2026-03-05T08:00:00Z",)", ""), "needs an arrival or an estimated_arrival", 1},
      {"bad_incoterm", "e.jsonl", Delivery("BPNL0000000CNANO", "FOO"), "expected an Incoterm", 1},
      {"duplicate_key_other_content", "e.jsonl", ok + Replace(ok, "1200 t", "1300 t"), "idempotency key 's1' is given again with other content (first at line 1)", 2},
      {"csv_unknown_column", "e.csv", "kind,key,owner,warehouse\nitem_stock,a,b,c\n", "unknown column 'warehouse'", 1},
      {"csv_ragged_row", "e.csv", std::string(kCsvHeader) + "item_stock,s1,BPNL00000000CELL\n", "row has 3 cells, the header 12", 2},
      {"csv_unclosed_quote", "e.csv", std::string(kCsvHeader) + "item_stock,\"s1,BPNL00000000CELL\n", "never closed", 2},
      {"csv_no_kind", "e.csv", "key,owner\ns1,BPNL00000000CELL\n", "expected a `kind` column", 1},
      {"csv_bad_cell", "e.csv", std::string(kCsvHeader) + "item_stock,s1,BPNL00000000CELL,BPNL00000000CELL,BPNL0000000CNANO,jp_cell,anode_material,inbound,12x,0,t,2026-03-02T06:00:00+09:00\n", "found '12x'", 2},
      {"cx_bare_without_sender", "e.json", R"({"materialGlobalAssetId":"urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002","direction":"INBOUND","positions":[]})", "needs --owner and --partner", 0},
      {"cx_unknown_unit", "e.json", R"({"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO","payload":{"materialGlobalAssetId":"urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002","direction":"INBOUND","positions":[{"allocatedStocks":[{"quantityOnAllocatedStock":{"value":5,"unit":"unit:bushel"},"stockLocationBPNS":"BPNS00000000JPCL","isBlocked":false,"lastUpdatedOnDateTime":"2026-03-02T06:00:00+09:00"}]}]}})", "unit 'unit:bushel' has no counterpart", 0},
      {"cx_unknown_bpns", "e.json", R"({"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO","payload":{"materialGlobalAssetId":"urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002","direction":"INBOUND","positions":[{"allocatedStocks":[{"quantityOnAllocatedStock":{"value":5,"unit":"unit:kilogram"},"stockLocationBPNS":"BPNS0000000000ZZ","isBlocked":false,"lastUpdatedOnDateTime":"2026-03-02T06:00:00+09:00"}]}]}})", "unknown site 'BPNS0000000000ZZ'", 0},
      {"cx_not_a_payload", "e.json", R"({"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO","payload":{"materialGlobalAssetId":"urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002","hello":1}})", "not an ItemStock 2.0.0", 0},
      {"cx_bad_json", "e.json", "{\"owner\": \"x\",\n \"payload\": {]}", "not a JSON document", 2},
      {"empty_file", "e.jsonl", "", "empty file", 0},
      {"binary_junk", "e.jsonl", std::string("\x7f" "ELF\x01\x01\x00\x00garbage", 16), "not a JSON object", 1},
      {"number_past_a_double", "e.jsonl", ok + Replace(Replace(ok, R"("1200 t")", R"({"value":1e400,"unit":"unit:gram"})"), "\"s1\"", "\"s2\""), "not a JSON object (number overflow parsing '1e400')", 2},
      {"cx_number_past_a_double", "e.json", R"({"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO","payload":{"materialGlobalAssetId":"urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002","direction":"INBOUND","positions":[{"allocatedStocks":[{"quantityOnAllocatedStock":{"value":-1e999,"unit":"unit:kilogram"}}]}]}})", "not a JSON document (number overflow parsing '-1e999')", 1},
      {"capacity_not_a_rate", "e.jsonl", R"({"key":"c1","kind":"capacity_notice","owner":"BPNL0000000CNANO","site":"cn_anode","material":"anode_material","capacity":"20 t","from":"2026-03-10","time":"2026-03-02T06:00:00+08:00"})" "\n", "expected a rate of mass per time", 1},
  };
}

}  // namespace chaintwin::twin::malformed
