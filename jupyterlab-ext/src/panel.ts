/**
 * The Zarr side panel widget.
 *
 * @example
 * ```ts
 * shell.add(new ZarrPanel(), 'left');
 * ```
 */
import { Widget } from '@lumino/widgets';

export class ZarrPanel extends Widget {
  constructor() {
    super();
    this.id = 'zld-zarr-panel';
    this.addClass('zld-ZarrPanel');
    this.title.label = 'Zarr';
    this.title.caption = 'Zarr stores';
    const h = document.createElement('h2');
    h.textContent = 'Zarr';
    this.node.appendChild(h);
  }
}
