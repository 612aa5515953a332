/**
 * Registers the offline service worker (sw.js, written by the build beside index.html). The
 * relative URL gives it the page's folder as its scope, wherever the app is deployed.
 */
export function registerServiceWorker(): void {
  // The dev server has no sw.js, and a worker caching dev modules would serve stale code.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Private windows, file:// pages and some embedded browsers refuse service workers;
      // the app works the same without one, only not offline.
    });
  // After the page's own downloads, so that precaching does not compete with them.
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
