// The views that draw charts, in one chunk with ECharts and the world map (loaded on first use).
export { renderFlows } from "./flows";
export { renderMap } from "./map";
export { renderRisk } from "./risk";
export { renderTimelines } from "./timelines";
