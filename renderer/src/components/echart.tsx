import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { lazy, Suspense } from 'react';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export interface EChartProps {
  option: ChartOption;
  height?: number;
  ariaLabel: string;
}

// ECharts is its own chunk, fetched when the first chart is drawn (issue 15 item 4): only
// types are imported from it here, and they vanish from the build.
const EChartCanvas = lazy(() => import('./echart-canvas'));

/**
 * One ECharts chart on a canvas; while the library loads, a box of the chart's size says so
 * (the page's figures and tables around it are already there).
 */
export function EChart(props: EChartProps) {
  const height = props.height ?? 280;
  return (
    <Suspense
      fallback={
        <div
          style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}
          aria-busy
        >
          正在载入图表…
        </div>
      }
    >
      <EChartCanvas {...props} />
    </Suspense>
  );
}
