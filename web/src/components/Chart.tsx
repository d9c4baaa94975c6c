import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** The current theme's colours for a canvas (read when drawn: a canvas does not follow CSS variables). */
function themeColors() {
  const css = getComputedStyle(document.documentElement);
  return { fg: css.getPropertyValue("--fg").trim() || "#ddd", grid: css.getPropertyValue("--grid").trim() || "#333", muted: css.getPropertyValue("--muted").trim() || "#888" };
}

/** Redraw when the theme changes (data-theme on <html>). */
function useTheme(): string | undefined {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme);
  useEffect(() => {
    const mo = new MutationObserver(() => setTheme(document.documentElement.dataset.theme));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => mo.disconnect();
  }, []);
  return theme;
}

export interface ChartProps {
  data: uPlot.AlignedData;
  series: uPlot.Series[];
  height?: number;
  label: string;
  yRange?: [number, number];
  log?: boolean;
  bands?: number[];
  /** tick labels of the x values 1..n (bus ids), instead of the numbers */
  xLabels?: string[];
  xTitle?: string;
  yTitle?: string;
}

/** A Canvas chart (uPlot): one canvas, no DOM node per point, fast for 10k+ buses; axis titles, theme-aware. */
export function Chart({ data, series, height = 220, label, yRange, log = false, bands, xLabels, xTitle, yTitle }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useTheme();
  useEffect(() => {
    const el = ref.current!;
    const { fg, grid, muted } = themeColors();
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, labelFont: "11px system-ui", font: "11px system-ui" };
    const xAxis: uPlot.Axis = { ...axis, size: 34, label: xTitle, labelSize: xTitle ? 14 : 0 };
    if (xLabels) {
      // bus ids at integer positions; uPlot thins them by `space` so they do not overlap
      xAxis.space = Math.max(28, 7 * Math.min(12, Math.max(...xLabels.map((s) => s.length), 1)));
      xAxis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
      xAxis.values = (_u: uPlot, vals: number[]) => vals.map((v) => (Number.isInteger(v) && v >= 1 && v <= xLabels.length ? xLabels[v - 1] : ""));
    } else xAxis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];
    const yAxis: uPlot.Axis = log
      ? { ...axis, size: 50, label: yTitle, labelSize: yTitle ? 16 : 0, values: (_u: uPlot, vals: number[]) => vals.map((v) => (v == null ? "" : v.toExponential(0))) }
      : { ...axis, size: 48, space: 11, incrs: [0.001, 0.002, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 1000], label: yTitle, labelSize: yTitle ? 16 : 0 };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth || 400),
      height,
      series: [{}, ...series],
      scales: { x: { time: false }, y: log ? { distr: 3 } : yRange ? { range: yRange } : {} },
      axes: [xAxis, yAxis],
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      hooks: {
        draw: [
          // the drawn tick labels and titles, readable by tests and assistive tech (a canvas has no text)
          (u) => {
            const axes = (u.axes as (uPlot.Axis & { _values?: (string | number | null)[] })[]).map((a) => ({ title: a.label ?? "", ticks: (a._values ?? []).filter((v) => v !== "" && v != null).map(String) }));
            el.dataset.axes = JSON.stringify(axes);
          },
          ...(bands
            ? [
              (u: uPlot) => {
                const ctx = u.ctx;
                ctx.save();
                ctx.setLineDash([4, 4]);
                ctx.strokeStyle = muted;
                for (const b of bands) {
                  const y = u.valToPos(b, "y", true);
                  ctx.beginPath();
                  ctx.moveTo(u.bbox.left, y);
                  ctx.lineTo(u.bbox.left + u.bbox.width, y);
                  ctx.stroke();
                }
                ctx.restore();
              },
            ]
            : []),
        ],
      },
    };
    plot.current = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [data, series, height, yRange, log, bands, xLabels, xTitle, yTitle, theme]);
  return <div ref={ref} className="chart" role="img" aria-label={label} data-theme-drawn={theme} />;
}
