// Inventory policies (docs/SIMULATION.md, "Inventory policies"): base-stock, (s, S), (R, Q)
// and the cover rule with an order cap, on a slot's inventory position.
#include "sim/inventory_policy.hpp"

#include <algorithm>
#include <cmath>

namespace chaintwin::sim {

using model::CompiledNetwork;
using model::PolicyKind;

namespace {
constexpr double kEps = 1e-9;
}  // namespace

InventoryPolicies InventoryPolicies::Create(const CompiledNetwork& net) {
  InventoryPolicies p;
  p.net_ = &net;
  const uint32_t slots = net.num_slots();
  p.by_policy_.assign(slots, 0);
  p.rule_.assign(slots, kNone);
  p.governor_.assign(slots, 0);
  p.per_unit_.assign(slots, 0.0);
  p.process_of_.assign(slots, -1);
  if (net.slot_policies.empty()) return p;
  p.any_ = true;
  for (uint32_t slot = 0; slot < slots; ++slot) {
    if (net.slot_policy[slot] == CompiledNetwork::kNoPolicy) continue;
    if (net.in_begin[slot + 1] > net.in_begin[slot]) {
      // Bought by lanes: the policy orders the material itself.
      p.rule_[slot] = kOwn;
      p.governor_[slot] = slot;
      p.by_policy_[slot] = 1;
      continue;
    }
    // Made here and not bought: the first process making it (upstream stages first) with
    // inputs orders them by the policy, each input not ordered by a policy of its own.
    uint32_t site = net.slot_site[slot].value;
    for (uint32_t proc = net.site_process_begin[site]; proc < net.site_process_begin[site + 1];
         ++proc) {
      if (net.process_output[proc].value != slot) continue;
      uint32_t i0 = net.process_input_begin[proc], i1 = net.process_input_begin[proc + 1];
      if (i0 == i1) continue;
      p.process_of_[slot] = static_cast<int32_t>(proc);
      for (uint32_t i = i0; i < i1; ++i) {
        uint32_t in = net.input_slot[i].value;
        if (net.slot_policy[in] != CompiledNetwork::kNoPolicy || p.rule_[in] != kNone) continue;
        if (net.in_begin[in + 1] == net.in_begin[in]) continue;  // made here, not ordered
        p.rule_[in] = kEchelon;
        p.governor_[in] = slot;
        p.per_unit_[in] = net.input_per_unit[i];
        p.by_policy_[in] = 1;
      }
      break;
    }
  }
  return p;
}

double InventoryPolicies::InputsMake(uint32_t slot, const View& v) const {
  int32_t proc = process_of_[slot];
  if (proc < 0) return 0.0;
  const CompiledNetwork& net = *net_;
  double make = std::numeric_limits<double>::infinity();
  for (uint32_t i = net.process_input_begin[proc]; i < net.process_input_begin[proc + 1]; ++i) {
    uint32_t in = net.input_slot[i].value;
    make = std::min(make, (v.stock[in] + v.inbound[in]) / net.input_per_unit[i]);
  }
  return make;
}

double InventoryPolicies::Position(uint32_t slot, const View& v) const {
  return v.stock[slot] + v.wip[slot] + v.inbound[slot] - v.owed_demand[slot] -
         v.demand_today[slot] - v.owed_out[v.supplier_of[slot]] + InputsMake(slot, v);
}

double InventoryPolicies::PolicyQuantity(const model::InventoryPolicy& policy,
                                         double position) const {
  switch (policy.kind) {
    case PolicyKind::kBaseStock:
      return policy.level - position;
    case PolicyKind::kMinMax:
      return position <= policy.reorder_point + kEps * (std::fabs(policy.reorder_point) + 1.0)
                 ? policy.level - position
                 : 0.0;
    case PolicyKind::kReorderQuantity:
      if (position > policy.reorder_point + kEps * (std::fabs(policy.reorder_point) + 1.0)) {
        return 0.0;
      }
      // The fewest multiples of Q that lift the position above R.
      return policy.quantity * (std::floor((policy.reorder_point - position) / policy.quantity) + 1.0);
    case PolicyKind::kCover:
      break;
  }
  return 0.0;
}

double InventoryPolicies::Order(uint32_t slot, double cover_target, double cover_order,
                                const View& v) const {
  const CompiledNetwork& net = *net_;
  const uint32_t governor = governor_[slot];
  const model::InventoryPolicy& policy = net.slot_policies[net.slot_policy[governor]];
  const double scale = rule_[slot] == kEchelon ? per_unit_[slot] : 1.0;
  if (policy.kind == PolicyKind::kCover) {
    if (cover_order <= kEps * (cover_target + 1.0)) return 0.0;
    return std::min(cover_order, policy.order_cap_per_day * scale);
  }
  const double position = Position(governor, v);
  double q = PolicyQuantity(policy, position);
  if (rule_[slot] == kEchelon && q > 0.0 && policy.kind != PolicyKind::kReorderQuantity) {
    // Each input is brought up to what the level calls for, less what it has: inputs that
    // are ahead of the others are not ordered again.
    double without_inputs = position - InputsMake(governor, v);
    q = scale * (policy.level - without_inputs) - (v.stock[slot] + v.inbound[slot]);
  } else {
    q *= scale;
  }
  q = std::min(q, policy.order_cap_per_day * scale);
  double reference = std::max(policy.level, policy.reorder_point + policy.quantity) * scale;
  return q > kEps * (reference + 1.0) ? q : 0.0;
}

double InventoryPolicies::ProductionTarget(uint32_t slot) const {
  const CompiledNetwork& net = *net_;
  if (net.slot_policy.empty() || net.slot_policy[slot] == CompiledNetwork::kNoPolicy) return -1.0;
  const model::InventoryPolicy& policy = net.slot_policies[net.slot_policy[slot]];
  switch (policy.kind) {
    case PolicyKind::kBaseStock:
    case PolicyKind::kMinMax:
      return policy.level;
    case PolicyKind::kReorderQuantity:
      return policy.reorder_point + policy.quantity;
    case PolicyKind::kCover:
      break;
  }
  return -1.0;
}

}  // namespace chaintwin::sim
