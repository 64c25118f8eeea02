import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface Series {
  name: string;
  values: number[];
  type?: 'bar' | 'line';
}

/** A small bar/line chart: categories on x, yuan (or counts) on y. */
export function SimpleChart({ categories, series, label, unit, testId }: { categories: string[]; series: Series[]; label: string; unit: string; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 72, right: 16, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', name: unit },
      series: series.map((s) => ({ name: s.name, type: s.type ?? 'bar', data: s.values })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series, unit]);
  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height: 300 }} />;
}
