// util::KeyIndex against std::unordered_map on the same keys: every key found at its first
// index, absent keys absent, duplicates keep the first index, copies stay valid.
#include "chaintwin/util/key_index.hpp"

#include <string>
#include <unordered_map>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::util {
namespace {

TEST(KeyIndex, FindsEveryKeyLikeAnUnorderedMap) {
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) keys.push_back("site_" + std::to_string(i * 7919 % 3001));
  keys.push_back("");                                   // the empty key is a key
  keys.push_back(std::string(40, 'x'));                 // longer than the small-string buffer
  KeyIndex index;                                       // grows from nothing
  std::unordered_map<std::string, uint32_t> expected;
  for (uint32_t i = 0; i < keys.size(); ++i) {
    uint32_t got = index.Insert(i, keys);
    auto [it, added] = expected.emplace(keys[i], i);
    EXPECT_EQ(got, it->second) << keys[i];
  }
  EXPECT_EQ(index.size(), expected.size());
  for (const auto& [key, i] : expected) EXPECT_EQ(index.Find(key, keys), i) << key;
  EXPECT_EQ(index.Find("site_3001", keys), KeyIndex::kAbsent);
  EXPECT_EQ(index.Find("site_", keys), KeyIndex::kAbsent);

  KeyIndex copy = index;  // indices only: valid for the same keys
  std::vector<std::string> keys_copy = keys;
  EXPECT_EQ(copy.Find("site_17", keys_copy), expected.at("site_17"));
  index.Clear();
  EXPECT_EQ(index.Find("site_17", keys), KeyIndex::kAbsent);
  EXPECT_EQ(copy.Find("site_17", keys_copy), expected.at("site_17"));
}

TEST(KeyIndex, FindNearGivesWhatFindGivesWhateverTheHint) {
  std::vector<std::string> keys;
  for (int i = 0; i < 300; ++i) keys.push_back("site_" + std::to_string(i));
  KeyIndex index;
  for (uint32_t i = 0; i < keys.size(); ++i) index.Insert(i, keys);
  uint32_t near = KeyIndex::kAbsent;
  // In order, repeated, skipping, backwards, absent and at the last key.
  for (int i : {0, 0, 1, 2, 2, 3, 7, 8, 6, 299, 299, 0, 150, 151, 152, 40}) {
    uint32_t found = index.FindNear(keys[static_cast<size_t>(i)], keys, near);
    EXPECT_EQ(found, static_cast<uint32_t>(i));
    EXPECT_EQ(near, found);
  }
  EXPECT_EQ(index.FindNear("site_300", keys, near), KeyIndex::kAbsent);
  EXPECT_EQ(near, 40u);  // an absent key leaves the hint
  near = 299;            // the next key would be past the end
  EXPECT_EQ(index.FindNear("site_0", keys, near), 0u);
}

TEST(KeyIndex, InsertAllIsInsertOfEveryIndexInOrder) {
  std::vector<std::string> keys;
  for (int i = 0; i < 3000; ++i) keys.push_back("lane_" + std::to_string(i * 31 % 2000));
  KeyIndex one_by_one;
  for (uint32_t i = 0; i < keys.size(); ++i) one_by_one.Insert(i, keys);
  KeyIndex all;
  all.InsertAll(keys);
  EXPECT_EQ(all.size(), one_by_one.size());
  for (const std::string& key : keys) EXPECT_EQ(all.Find(key, keys), one_by_one.Find(key, keys));
  EXPECT_EQ(all.Find("lane_2000", keys), KeyIndex::kAbsent);
}

TEST(KeyIndex, EmptyAndReserved) {
  std::vector<std::string> keys = {"a", "b"};
  KeyIndex index;
  EXPECT_EQ(index.Find("a", keys), KeyIndex::kAbsent);
  index.Reserve(2);
  EXPECT_EQ(index.Insert(1, keys), 1u);
  EXPECT_EQ(index.Find("b", keys), 1u);
  EXPECT_EQ(index.Find("a", keys), KeyIndex::kAbsent);
}

}  // namespace
}  // namespace chaintwin::util
