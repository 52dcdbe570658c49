/** Layout of the charts: a fixed viewBox that scales with the page, room for the axes' labels. */
export const chart = { width: 640, height: 280, top: 16, right: 16, bottom: 40, left: 84 } as const;

export const plotWidth = chart.width - chart.left - chart.right;
export const plotHeight = chart.height - chart.top - chart.bottom;

/** A "nice" upper bound for the axis (1, 2, 2.5 or 5 × a power of ten) and its ticks. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let value = 0; value < max + step * 0.999; value += step) ticks.push(value);
  return ticks;
}
