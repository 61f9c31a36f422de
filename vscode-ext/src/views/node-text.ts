/**
 * Plain-text descriptions of Zarr nodes shared by the trees, hovers and pickers: `9000×1000 float64`, the
 * node's `@id` and `@type`s read from its attributes. Everything here is text: never markdown, never HTML.
 *
 * @example
 * ```ts
 * item.description = nodeDescription(node); // "9000×1000 float64"
 * ```
 */
import type { ZarrNode } from '../core.js';
import { core } from '../lazy-core.js';

/** The node's own `@id` when its attributes carry one as a string. */
export function nodeId(node: { attributes: Record<string, unknown> }): string | undefined {
  const id = node.attributes['@id'];
  return typeof id === 'string' ? id : undefined;
}

export function nodeTypes(node: { attributes: Record<string, unknown> }): string[] {
  const t = node.attributes['@type'];
  const list = Array.isArray(t) ? t : t === undefined ? [] : [t];
  return list.filter((x): x is string => typeof x === 'string');
}

export function shapeText(shape: number[]): string {
  return shape.length ? shape.join('×') : 'scalar';
}

export function nodeDescription(node: ZarrNode): string {
  if (node.kind === 'array') return `${shapeText(node.shape)} ${node.dtype}`;
  return nodeTypes(node).map(core().localName).join(', ');
}

export function nodeTooltip(node: ZarrNode, storeLabel: string): string {
  const lines = [`${node.kind} ${node.path}`, `store: ${storeLabel}`];
  const id = nodeId(node);
  if (id) lines.push(`@id: ${id}`);
  const types = nodeTypes(node);
  if (types.length) lines.push(`@type: ${types.join(', ')}`);
  if (node.kind === 'array') {
    lines.push(`shape: ${shapeText(node.shape)}, dtype: ${node.dtype} (${node.rawDtype})`);
    lines.push(`chunks: ${shapeText(node.chunks)} (${node.chunkCount} in the grid)`);
    if (node.codecs.length) lines.push(`codecs: ${node.codecs.map((c) => c.name).join(', ')}`);
  }
  lines.push(`Zarr v${node.zarrFormat}`);
  return lines.join('\n');
}
