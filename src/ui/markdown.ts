import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';
import { Marked } from 'marked';
import { escapeHtml } from '../report/html-report.ts';

/**
 * Markdown cells as safe HTML. Their text can come from a shared file or link, so the HTML may
 * run nothing and may make no request: only the tags markdown produces (plus a few harmless
 * inline ones), links that open in a new tab and cannot reach back to this one, and images
 * only from data the page already holds (a remote image would tell its server the page is open).
 */
export function renderMarkdown(text: string): string {
  return sanitizer().sanitize(markdown.parse(text, { async: false }));
}

const markdown = new Marked({
  gfm: true,
  renderer: {
    // A task list's checkbox would be a disabled <input>; a glyph says the same without a form control.
    checkbox: ({ checked }) => (checked ? '☑ ' : '☐ '),
    // Raw HTML is shown as the text it is. Handing it to the sanitizer would parse it first, and
    // parsing `<img src=x onerror=…>`, even in a detached document, makes Chromium compile the handler
    // (the page's CSP refuses it, but a link's markup should never get that far).
    html: ({ text }) => escapeHtml(text),
  },
});

// No style, iframe, form, input, object, embed, svg, math, audio or video: only what is listed.
const ALLOWED_TAGS = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'hr', 'br',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  'a', 'img', 'em', 'strong', 'del', 's', 'b', 'i', 'sub', 'sup', 'kbd', 'mark', 'small', 'span', 'div', 'details', 'summary',
];
// No style attribute (url() would fetch), no srcset or background (they fetch too), no class or id.
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'width', 'height', 'align', 'colspan', 'rowspan', 'start', 'open'];
/** Links: web pages, mail, and addresses relative to this page. */
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;
/** Images the tab already holds: inline data and object URLs. Nothing that needs a request. */
const LOCAL_IMAGE = /^(?:data:image\/|blob:)/i;

let purifier: Purifier | null = null;

/** A DOMPurify of its own, so these hooks never reach another user of the shared instance. */
function sanitizer(): Purifier {
  if (purifier) return purifier;
  const purify = DOMPurify(window);
  purify.setConfig({ ALLOWED_TAGS, ALLOWED_ATTR, ALLOWED_URI_REGEXP });
  purify.addHook('uponSanitizeAttribute', (node, event) => {
    if (node.nodeName !== 'IMG' || event.attrName !== 'src') return;
    // Decided here alone: blob: would fail the link rule above, and a remote src must go.
    if (LOCAL_IMAGE.test(event.attrValue)) event.forceKeepAttr = true;
    else event.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'IMG' && !node.hasAttribute('src')) {
      node.replaceWith(node.ownerDocument.createTextNode(node.getAttribute('alt') ?? ''));
    } else if (node.nodeName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  purifier = purify;
  return purify;
}
