/** A small chart as Observable Plot 0.6 serialises it (root xmlns, scoped <style>, aria-labelled groups). */
export const PLOT_SVG = `<svg class="plot-d6a7b5" fill="currentColor" font-family="system-ui, sans-serif" font-size="10" text-anchor="middle" width="640" height="400" viewBox="0 0 640 400" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><style>:where(.plot-d6a7b5) {
  --plot-background: white;
  display: block;
  height: auto;
  height: intrinsic;
  max-width: 100%;
}
:where(.plot-d6a7b5 text),
:where(.plot-d6a7b5 tspan) {
  white-space: pre;
}</style><g aria-label="y-axis tick" fill="none" stroke="currentColor" transform="translate(40,0)"><path transform="translate(0,370)" d="M0,0L-6,0"></path><path transform="translate(0,30)" d="M0,0L-6,0"></path></g><g aria-label="y-axis tick label" font-variant="tabular-nums" text-anchor="end" transform="translate(-9.5,0.5)"><text y="0.32em" transform="translate(40,370)">0.0</text><text y="0.32em" transform="translate(40,30)">1.0</text></g><g aria-label="y-axis label" text-anchor="start" transform="translate(-36.5,-16.5)"><text y="0.71em" transform="translate(40,20)">↑ val_loss</text></g><defs><clipPath id="plot-clip-1"><rect x="40" y="20" width="580" height="350"></rect></clipPath><linearGradient id="fade"><stop offset="0" stop-color="steelblue"></stop></linearGradient></defs><g aria-label="line" fill="none" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round" clip-path="url(#plot-clip-1)"><path stroke="#4269d0" d="M40,300L330,120L620,80"><title>lr=0.01 &amp; bs=32 &lt;baseline&gt;</title></path><path stroke="url(#fade)" d="M40,350L330,200L620,150"></path></g><use href="#plot-clip-1" xlink:href="#plot-clip-1"/><g aria-label="dot" fill="none" stroke="currentColor"><circle cx="330" cy="120" r="3"></circle></g></svg>`;
