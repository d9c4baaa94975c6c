import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** A Canvas chart (uPlot): one canvas, no DOM node per point, fast for 10k+ buses. */
export function Chart({ data, series, height = 220, label, yRange, log = false, bands }: { data: uPlot.AlignedData; series: uPlot.Series[]; height?: number; label: string; yRange?: [number, number]; log?: boolean; bands?: number[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = ref.current!;
    const css = getComputedStyle(document.documentElement);
    const fg = css.getPropertyValue("--fg").trim() || "#ddd";
    const grid = css.getPropertyValue("--grid").trim() || "#333";
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth || 400),
      height,
      series: [{}, ...series],
      scales: { x: { time: false }, y: log ? { distr: 3 } : yRange ? { range: yRange } : {} },
      axes: [{ ...axis, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000] }, log ? { ...axis, size: 50, values: (_u: uPlot, vals: number[]) => vals.map((v) => (v == null ? "" : v.toExponential(0))) } : axis],
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      hooks: bands
        ? {
            draw: [
              (u) => {
                const ctx = u.ctx;
                ctx.save();
                ctx.setLineDash([4, 4]);
                ctx.strokeStyle = "#888";
                for (const b of bands) {
                  const y = u.valToPos(b, "y", true);
                  ctx.beginPath();
                  ctx.moveTo(u.bbox.left, y);
                  ctx.lineTo(u.bbox.left + u.bbox.width, y);
                  ctx.stroke();
                }
                ctx.restore();
              },
            ],
          }
        : {},
    };
    plot.current = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [data, series, height, yRange, log, bands]);
  return <div ref={ref} className="chart" role="img" aria-label={label} />;
}
