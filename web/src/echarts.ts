// ECharts, only the parts the dashboard uses (tree-shaken), drawn as SVG so the page stays crisp
// at any zoom and the end-to-end tests can count what was drawn. The world map comes from the
// bundled world-atlas package (Natural Earth 1:110m), never from the network.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart, LinesChart, SankeyChart, ScatterChart, MapChart } from "echarts/charts";
import { DataZoomComponent, GeoComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import world from "world-atlas/countries-110m.json";
import type { FeatureCollection } from "geojson";
import { planarWorld } from "./charts/map";

echarts.use([BarChart, HeatmapChart, LineChart, LinesChart, SankeyChart, ScatterChart, MapChart, DataZoomComponent,
  GeoComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

const topology = world as unknown as Topology<{ countries: GeometryCollection }>;
echarts.registerMap("world", planarWorld(feature(topology, topology.objects.countries) as unknown as FeatureCollection) as unknown as Parameters<typeof echarts.registerMap>[1]);

// Every chart on the page by name, for resizing and for the end-to-end tests.
const charts = new Map<string, echarts.ECharts>();
(globalThis as unknown as { __chaintwinCharts: typeof charts }).__chaintwinCharts = charts;

/** Draws `option` into `el` (creating the chart once per element), registered under `name`. */
export function draw(name: string, el: HTMLElement, option: Record<string, unknown>): echarts.ECharts {
  let chart = echarts.getInstanceByDom(el);
  if (!chart) {
    charts.get(name)?.dispose();
    chart = echarts.init(el, null, { renderer: "svg" });
    new ResizeObserver(() => chart!.resize()).observe(el);
  }
  chart.setOption(option, { notMerge: true });
  charts.set(name, chart);
  el.dataset.chart = name;
  return chart;
}
