/** A one-line progress bar on stderr, drawn only on a terminal. */
import type { Progress } from '../progress.js';

export function progressBar(write: (s: string) => void, enabled: boolean) {
  let drawn = false;
  let last = 0;
  const update = (p: Progress) => {
    if (!enabled) return;
    const now = Date.now();
    const complete = p.total !== undefined && p.done >= p.total;
    if (!complete && now - last < 80) return;
    last = now;
    const unit = p.unit && p.unit !== 'bytes' ? ` ${p.unit}` : '';
    const fmt = (n: number) => (p.unit === 'bytes' ? formatBytes(n) : String(n));
    let line: string;
    if (p.total) {
      const frac = Math.min(1, p.done / p.total);
      const width = 24;
      const fill = Math.round(frac * width);
      line = `[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${Math.round(frac * 100)}% ${fmt(p.done)}/${fmt(p.total)}${unit}`;
    } else {
      line = `${fmt(p.done)}${unit}`;
    }
    if (p.message) line += ` ${p.message}`;
    const cols = process.stderr.columns ?? 100;
    write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, 80))}`);
    drawn = true;
  };
  const end = () => {
    if (drawn) write('\r\x1b[K');
    drawn = false;
  };
  return { update, end };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
