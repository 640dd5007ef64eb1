/** The dashboard's periods, as `from`/`to` ISO dates for the SLA routes. */
export const PERIODS = [
  { id: '1d', label: 'Last 24 hours', days: 1 },
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
  { id: '365d', label: 'Last 12 months', days: 365 },
] as const;

export type PeriodId = (typeof PERIODS)[number]['id'];

export function periodRange(id: PeriodId, now = Date.now()): { from: string; to: string } {
  const period = PERIODS.find((candidate) => candidate.id === id) ?? PERIODS[2];
  // `to` a minute ahead, so a breach recorded while the page loads still counts.
  return { from: new Date(now - period.days * 86_400_000).toISOString(), to: new Date(now + 60_000).toISOString() };
}
