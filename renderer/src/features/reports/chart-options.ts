import type { ChartItem } from '../../../../electron/api/reports-types';
import type { ChartOption } from '../../components/echart';

/** Bars side by side per category, one series each (e.g. 登记 / 办结 by 类别). */
export function groupedBars(
  series: { name: string; items: ChartItem[]; color?: string }[],
  { rotate = 0 }: { rotate?: number } = {},
): ChartOption {
  const labels = series[0]?.items.map((item) => item.label) ?? [];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: labels.map((label) => s.items.find((item) => item.label === label)?.value ?? 0),
      itemStyle: s.color ? { color: s.color } : undefined,
      // Zero bars keep their category (the axis stays the same every month) but no label.
      label: {
        show: true,
        position: 'top',
        formatter: (p: { value?: unknown }) => (p.value ? String(p.value) : ''),
      },
    })),
  };
}

/** Shares of a whole (e.g. 走访 已走访 / 待走访 / 逾期), zero slices left out. */
export function pie(name: string, items: ChartItem[], colors?: Record<string, string>): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        name,
        radius: ['35%', '65%'],
        label: { formatter: '{b}\n{c}' },
        data: items
          .filter((item) => item.value > 0)
          .map((item) => ({
            name: item.label,
            value: item.value,
            itemStyle: colors?.[item.label] ? { color: colors[item.label] } : undefined,
          })),
      },
    ],
  };
}
