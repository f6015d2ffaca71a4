// ECharts for the report: only the chart kinds it draws, with the SVG renderer so every chart
// is in the DOM (printable, countable by the tests). The world's country shapes come from the
// bundled world-atlas package (Natural Earth 1:110m): nothing is fetched.
import * as echarts from "echarts/core";
import { BarChart, LineChart, MapChart, SankeyChart, ScatterChart } from "echarts/charts";
import { GeoComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import world from "world-atlas/countries-110m.json";

echarts.use([BarChart, LineChart, MapChart, SankeyChart, ScatterChart, GeoComponent, GridComponent,
  LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, SVGRenderer]);

const topology = world as unknown as Topology<{ countries: GeometryCollection }>;
echarts.registerMap("world", dropWrapping(feature(topology, topology.objects.countries)) as unknown as Parameters<typeof echarts.registerMap>[1]);

/** Drops the polygons that cross the antimeridian (drawn as lines across the whole map) and Antarctica. */
function dropWrapping(fc: GeoJSON.FeatureCollection): GeoJSON.FeatureCollection {
  const wraps = (ring: GeoJSON.Position[]) => ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
  const features = fc.features.filter((f) => f.id !== "010").map((f) => {
    const g = f.geometry;
    if (g.type === "Polygon") return wraps(g.coordinates[0]) ? null : f;
    if (g.type === "MultiPolygon") return { ...f, geometry: { ...g, coordinates: g.coordinates.filter((poly) => !wraps(poly[0])) } };
    return f;
  }).filter((f): f is GeoJSON.Feature => f !== null);
  return { ...fc, features };
}

const charts: echarts.ECharts[] = [];

/** Draws `option` into `el` as SVG; `name` tags the element for the tests. */
export function draw(name: string, el: HTMLElement, option: Record<string, unknown>): echarts.ECharts {
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption(option);
  el.dataset.chart = name;
  charts.push(chart);
  return chart;
}

/** Disposes every chart (before the page is drawn again, in another language). */
export function disposeAll(): void {
  for (const c of charts.splice(0)) c.dispose();
}

/** Resizes every chart (the window or the print layout changed). */
export function resizeAll(): void {
  for (const c of charts) c.resize();
}
