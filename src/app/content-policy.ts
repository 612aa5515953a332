import { linkedData } from '../notebook/share-link.ts';

/**
 * The page's Content-Security-Policy for connections. index.html's own policy allows scripts,
 * workers and wasm from this site only and leaves connections open to http(s); this one narrows
 * them to the site itself and the hosted snapshots the address names (`?data=`), so nothing the
 * page does can send data anywhere else. A policy can only be narrowed once set, so it is added
 * before any code of the app runs.
 */
export function connectSources(page: URL): string[] {
  const sources = new Set(["'self'"]);
  // An address that cannot be fetched opens nothing; the app says why once it runs.
  for (const entry of linkedData(page)) if (!(entry instanceof Error) && entry.url.origin !== page.origin) sources.add(sourceExpression(entry.url));
  return [...sources];
}

/** The exact file where CSP's grammar can hold its path; its origin where it cannot (`;`, `,`, spaces). */
function sourceExpression(target: URL): string {
  const path = target.pathname;
  return /^[\w\-.~%!$&'()*+=:@/]*$/.test(path) && !path.endsWith('/') ? `${target.origin}${path}` : target.origin;
}

export function connectPolicy(page: URL): string {
  return `connect-src ${connectSources(page).join(' ')}`;
}

export function applyConnectPolicy(doc: Document, page: URL): void {
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = connectPolicy(page);
  doc.head.append(meta);
}
