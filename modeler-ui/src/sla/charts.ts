import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';

// Only the parts the dashboard draws, so the bundle carries no more of Chart.js than that.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily || 'system-ui, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#667085';

export const COLOURS = { primary: '#2f5bea', primarySoft: '#9fb4f7', danger: '#d92d20', warn: '#f79009', ok: '#1f8a4c', grey: '#d0d5dd' };

export interface BarSeries {
  label: string;
  values: Array<number | null>;
  colour: string;
}

/**
 * A horizontal bar chart (labels are step and owner names, which read better down the
 * side than slanted under the axis); drawn again in place when the data changes.
 */
export class BarChart {
  private chart: Chart<'bar'> | undefined;
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly options: { stacked?: boolean; max?: number; unit?: (value: number) => string } = {},
  ) {}

  draw(labels: string[], series: BarSeries[]): void {
    const data = { labels, datasets: series.map((entry) => ({ label: entry.label, data: entry.values, backgroundColor: entry.colour, borderRadius: 4, maxBarThickness: 22 })) };
    if (this.chart) {
      this.chart.data = data;
      this.chart.update();
      return;
    }
    const unit = this.options.unit;
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data,
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: series.length > 1, position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: { callbacks: unit ? { label: (item) => `${item.dataset.label}: ${unit(Number(item.raw))}` } : {} },
        },
        scales: {
          x: { stacked: this.options.stacked, beginAtZero: true, max: this.options.max, grid: { color: '#eef0f3' }, ticks: { precision: 0, callback: unit ? (value) => unit(Number(value)) : undefined } },
          y: { stacked: this.options.stacked, grid: { display: false }, ticks: { color: '#1d2330', autoSkip: false } },
        },
      },
    };
    this.chart = new Chart(this.canvas, config);
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
