/**
 * A small preview of an array: its first values (a corner of at most 8×8 for 2-D arrays), statistics of
 * that corner, and for 2-D arrays a heatmap of the first 64×64 values drawn on a canvas.
 *
 * @example
 * ```ts
 * box.appendChild(await renderPreview(hierarchy, node, signal));
 * ```
 */
import { readArray, type ArrayNode, type Hierarchy } from './core.js';
import { el } from './dom.js';

function corner(shape: number[], n: number): string {
  return shape.map((d) => `0:${Math.min(d, n)}`).join(', ');
}

function asNumbers(data: ArrayLike<unknown>): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    out.push(typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : NaN);
  }
  return out;
}

function format(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  return String(v);
}

function heatmap(values: number[], rows: number, cols: number): HTMLCanvasElement {
  const canvas = el('canvas', { cls: 'zld-Heatmap', attrs: { width: String(cols), height: String(rows), 'aria-label': `heatmap of the first ${rows}×${cols} values` } });
  const finite = values.filter(Number.isFinite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const ctx = canvas.getContext('2d');
  if (!ctx || !finite.length) return canvas;
  const img = ctx.createImageData(cols, rows);
  for (let i = 0; i < values.length; i++) {
    const t = max > min ? (values[i]! - min) / (max - min) : 0.5;
    const ok = Number.isFinite(values[i]!);
    img.data[4 * i] = ok ? Math.round(68 + 185 * t) : 255;
    img.data[4 * i + 1] = ok ? Math.round(1 + 200 * t) : 0;
    img.data[4 * i + 2] = ok ? Math.round(84 + 60 * (1 - t)) : 255;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

export async function renderPreview(h: Hierarchy, node: ArrayNode, signal?: AbortSignal): Promise<HTMLElement> {
  const box = el('div', { cls: 'zld-Preview' });
  if (node.shape.some((d) => d === 0)) {
    box.appendChild(el('p', { cls: 'zld-Muted', text: 'The array is empty.' }));
    return box;
  }
  const n = node.shape.length <= 1 ? 16 : 8;
  const sel = node.shape.length === 0 ? undefined : corner(node.shape.slice(0, 2), n) + node.shape.slice(2).map(() => ', 0').join('');
  const small = await readArray(h, node.path, { slice: sel, signal });
  const values = Array.from(small.data as ArrayLike<unknown>);
  const nums = asNumbers(values).filter(Number.isFinite);
  if (node.shape.length >= 2) {
    const [r, c] = [small.shape[0] ?? 1, small.shape[1] ?? 1];
    const table = el('table', { cls: 'zld-Values' });
    for (let i = 0; i < r; i++) {
      const tr = el('tr');
      for (let j = 0; j < c; j++) tr.appendChild(el('td', { text: format(values[i * c + j]) }));
      table.appendChild(tr);
    }
    box.appendChild(el('div', { cls: 'zld-Caption', text: `First values [${sel}]` }));
    box.appendChild(table);
  } else {
    box.appendChild(el('div', { cls: 'zld-Caption', text: `First values${sel ? ` [${sel}]` : ''}` }));
    box.appendChild(el('code', { cls: 'zld-Values1d', text: values.map(format).join(', ') }));
  }
  if (nums.length) {
    const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
    box.appendChild(
      el('div', { cls: 'zld-Stats', text: `min ${format(Math.min(...nums))} · max ${format(Math.max(...nums))} · mean ${format(mean)} (of these ${nums.length} values)` }),
    );
  }
  if (node.shape.length === 2 && nums.length) {
    const big = await readArray(h, node.path, { slice: corner(node.shape, 64), signal });
    const [r, c] = [big.shape[0]!, big.shape[1]!];
    box.appendChild(el('div', { cls: 'zld-Caption', text: `Heatmap [${corner(node.shape, 64)}]` }));
    box.appendChild(heatmap(asNumbers(big.data as ArrayLike<unknown>), r, c));
  }
  return box;
}
