import type * as Plot from '@observablehq/plot';
import type { Action } from 'svelte/action';

/** The chart's x scale as Plot reports it, and the SVG it maps into. */
export interface XScale {
  svg: Element;
  scale: Plot.Scale;
}

interface ZoomOptions {
  enabled: boolean;
  scale: () => XScale | null;
  /** The dragged span in the host's pixels while dragging (width 0 when it ends). */
  onselect: (left: number, width: number) => void;
  onzoom: (domain: [number, number]) => void;
}

/** Drag across a chart to show that x range; a short drag is a click and zooms nothing. */
export const zoomable: Action<HTMLElement, ZoomOptions> = (node, initial) => {
  let options = initial;
  let start: number | null = null;
  const offset = (event: PointerEvent) => event.clientX - node.getBoundingClientRect().left + node.scrollLeft;
  const down = (event: PointerEvent) => {
    if (!options.enabled || event.button !== 0 || !options.scale()) return;
    start = offset(event);
    node.setPointerCapture(event.pointerId);
  };
  const move = (event: PointerEvent) => {
    if (start === null) return;
    const here = offset(event);
    options.onselect(Math.min(start, here), Math.abs(here - start));
  };
  const up = (event: PointerEvent) => {
    if (start === null) return;
    const from = start;
    const to = offset(event);
    start = null;
    options.onselect(0, 0);
    const x = options.scale();
    if (!x?.scale.invert || Math.abs(to - from) < 6) return;
    // The SVG may sit right of the host's left edge (a legend above it does not shift x).
    const left = x.svg.getBoundingClientRect().left - node.getBoundingClientRect().left + node.scrollLeft;
    const [a, b] = [from, to].map((pixel) => Number(x.scale.invert!(pixel - left))).sort((p, q) => p - q);
    if (Number.isFinite(a) && Number.isFinite(b) && b > a) options.onzoom([a, b]);
  };
  node.addEventListener('pointerdown', down);
  node.addEventListener('pointermove', move);
  node.addEventListener('pointerup', up);
  node.addEventListener('pointercancel', up);
  return {
    update(next) {
      options = next;
    },
    destroy() {
      node.removeEventListener('pointerdown', down);
      node.removeEventListener('pointermove', move);
      node.removeEventListener('pointerup', up);
      node.removeEventListener('pointercancel', up);
    },
  };
};
