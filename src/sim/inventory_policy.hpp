// Inventory policies: how much a buyer slot orders today when its site states a policy for
// it (docs/SIMULATION.md, "Inventory policies"). The day loop's Order step asks only for the
// slots marked in ordered_by_policy(); every other slot keeps the cover rule unchanged.
//
// The rule for each slot is chosen once, at Create(): its own policy (the material comes by
// lanes), an echelon policy (the slot is a recipe input of a process whose output has a policy
// and no lanes of its own: the output's policy orders the inputs), or none.
#pragma once

#include <cstdint>
#include <vector>

#include "chaintwin/model/compiled.hpp"

namespace chaintwin::sim {

class InventoryPolicies {
 public:
  // What a policy reads of the day's state. Arrays by slot, but owed_out (by supplier index,
  // supplier_of[slot]). Pointers must stay valid for the call.
  struct View {
    const double* stock = nullptr;
    const double* inbound = nullptr;       // open orders + cargo on the way, all lanes in
    const double* wip = nullptr;           // work in process making the slot at its site
    const double* owed_demand = nullptr;   // end-use demand owed (backlog mode)
    const double* demand_today = nullptr;  // end-use demand to serve today (step 6)
    const double* owed_out = nullptr;      // open orders of the slot's buyers
    const uint32_t* supplier_of = nullptr;
  };

  // Compiles the rules of `net`'s policies. Cost: linear in slots and process inputs.
  static InventoryPolicies Create(const model::CompiledNetwork& net);

  bool empty() const { return !any_; }
  // By slot: 1 when Order() decides the slot's order (its own or an echelon policy).
  const std::vector<uint8_t>& ordered_by_policy() const { return by_policy_; }

  // The inventory position of policy slot `slot` (in its material's unit): stock + work in
  // process + on order and in transit - demand owed - today's demand - its buyers' open orders,
  // plus, for a material the site makes from inputs and does not buy, what the inputs on hand
  // and on order make (the minimum over inputs of (stock + on order) / per unit).
  double Position(uint32_t slot, const View& v) const;

  // Today's order of `slot`, before the split over lanes: 0 when the policy orders nothing
  // (at most 1e-9 x (level + 1)). `cover_order` is what the cover rule orders (`cover_target`
  // minus its position), used by policies of kind `cover` (a cap only). Requires:
  // ordered_by_policy()[slot].
  double Order(uint32_t slot, double cover_target, double cover_order, const View& v) const;

  // The stock a process making `slot` produces up to instead of its cover target (policy
  // level S, or R + Q), or a negative number when the slot keeps its cover target.
  double ProductionTarget(uint32_t slot) const;

 private:
  enum Rule : uint8_t { kNone = 0, kOwn = 1, kEchelon = 2 };
  const model::CompiledNetwork* net_ = nullptr;
  bool any_ = false;
  std::vector<uint8_t> by_policy_;
  std::vector<uint8_t> rule_;        // by slot
  std::vector<uint32_t> governor_;   // by slot: the slot whose policy decides (itself or output)
  std::vector<double> per_unit_;     // by slot (echelon): input per unit of the output
  std::vector<int32_t> process_of_;  // by slot with a policy: the process whose inputs count, -1
  // The order, in the governing slot's unit, its policy places given its position.
  double PolicyQuantity(const model::InventoryPolicy& policy, double position) const;
  double InputsMake(uint32_t slot, const View& v) const;
};

}  // namespace chaintwin::sim
