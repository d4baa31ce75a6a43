import { BarChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { EChartProps } from './echart';

// This module is ECharts itself: only echart.tsx imports it, and only on demand (issue 15
// item 4), so the library is fetched when the first chart is drawn.

// Only what the reports draw: the tree-shaken core keeps the bundle small (no map data).
echarts.use([
  BarChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

const FONT = "'Noto Sans SC', 'Microsoft YaHei', sans-serif";

/**
 * One ECharts chart on a canvas (the CSP allows no inline scripts, and canvas needs none).
 * The chart follows its box's size, and the option is replaced, not merged, so a category
 * that disappears from the data disappears from the chart.
 */
export default function EChartCanvas({ option, height = 280, ariaLabel }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current!;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: FONT }, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={box} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}
