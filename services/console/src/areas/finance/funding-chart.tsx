import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { yuan } from '../../components/format';
import { useLang } from '../../i18n';
import { sourceText } from './api';

// Only the parts the chart uses: bars, axes, legend, tooltip, canvas.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface MonthFunding {
  month: string;
  /** fen per source (central, provincial, city, county, unallocated). */
  bySource: Record<string, number>;
}

const SOURCES = ['central', 'provincial', 'city', 'county', 'unallocated'] as const;
const COLORS = ['#1677ff', '#52c41a', '#faad14', '#722ed1', '#bfbfbf'];

/** Net settled by month, stacked by funding source (中央 / 省 / 市 / 县 / 未分配), in yuan. */
export function FundingChart({ months, label }: { months: MonthFunding[]; label: string }) {
  const { t } = useLang();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      color: COLORS,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => yuan(Math.round(Number(v) * 100)) },
      legend: { top: 0 },
      grid: { left: 64, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: months.map((m) => m.month) },
      yAxis: { type: 'value', name: t('元', 'yuan') },
      series: SOURCES.map((s) => ({ name: sourceText(s, t), type: 'bar', stack: 'total', data: months.map((m) => (m.bySource[s] ?? 0) / 100) })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [months, t]);
  return <div ref={ref} role="img" aria-label={label} data-testid="funding-chart" style={{ width: '100%', height: 320 }} />;
}
