// What the views share: the served network, the scenario list, the current run and its error.
import type { ApiFailure, Network, ScenarioEntry, SimResult } from "./api";

export interface State {
  net: Network;
  scenarios: ScenarioEntry[];
  result?: SimResult;
  running: boolean;
  runError?: ApiFailure;
  day: number;
  selectedSite?: string;
}
export type Rerender = () => void;
