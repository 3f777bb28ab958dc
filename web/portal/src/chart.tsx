import { BarChart, LineChart, PieChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "preact/hooks";
import { formatNumber, useWords } from "./i18n";

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

/**
 * A chart drawn by ECharts (what Chinese government portals use; SVG, so it is sharp and light) with its
 * numbers always beside it as a table: the chart is for the eye, the table for everyone.
 */
export interface ChartProps {
  title: string;
  kind: "pie" | "bar" | "line";
  /** The categories (slices, bars, years). */
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  /** How a value reads in the table (a share, a number). */
  show?: (value: number | null) => string;
  stacked?: boolean;
}

export function Chart(props: ChartProps) {
  const { t, lang } = useWords();
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: "svg" });
    chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: props.title } },
      legend: props.series.length > 1 || props.kind === "pie" ? { top: 0 } : undefined,
      grid:
        props.kind === "pie" ? undefined : { left: 48, right: 16, top: 40, bottom: 60, containLabel: true },
      xAxis:
        props.kind === "pie"
          ? undefined
          : { type: "category", data: props.categories, axisLabel: { interval: 0, rotate: 20 } },
      yAxis: props.kind === "pie" ? undefined : { type: "value" },
      series:
        props.kind === "pie"
          ? [
              {
                type: "pie",
                radius: ["35%", "65%"],
                top: 40,
                data: props.categories.map((name, i) => ({ name, value: props.series[0]?.values[i] ?? 0 })),
                label: { formatter: "{d}%" },
              },
            ]
          : props.series.map((series) => ({
              type: props.kind,
              name: series.name,
              data: series.values,
              stack: props.stacked ? "all" : undefined,
              connectNulls: false,
            })),
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [JSON.stringify(props), lang]);
  const show = props.show ?? ((value: number | null) => formatNumber(value, lang));
  return (
    <figure class="chart">
      <div ref={element} class="chart-canvas" aria-hidden="true" />
      <figcaption>{props.title}</figcaption>
      <details open>
        <summary>{t("chartTable")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.title}</th>
              {props.series.map((series) => (
                <th scope="col" key={series.name}>
                  {series.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.categories.map((category, i) => (
              <tr key={category}>
                <th scope="row">{category}</th>
                {props.series.map((series) => (
                  <td key={series.name} class="number">
                    {show(series.values[i] ?? null)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
