import type createDOMPurify from 'dompurify';
import type { JSDOM } from 'jsdom';
import { lazyRequire } from '../lazy.ts';

/** The largest logo a council may upload: a header logo is small; this keeps every page's image quick. */
export const MAX_LOGO_BYTES = 100 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type AcceptedLogo = { readonly bytes: Buffer; readonly type: 'image/png' | 'image/svg+xml' } | { readonly error: string };

const jsdom = lazyRequire<{ JSDOM: typeof JSDOM }>('jsdom');
const dompurify = lazyRequire<typeof createDOMPurify>('dompurify');

/** A DOM and DOMPurify on it, made when the first logo is uploaded (jsdom takes a second or more to load). */
let sanitiser: { window: JSDOM['window']; purify: ReturnType<typeof createDOMPurify> } | undefined;
function logoSanitiser() {
  if (sanitiser) return sanitiser;
  const window = new (jsdom().JSDOM)('').window;
  const purify = dompurify()(window);
  // Nothing in a logo may reach outside it: links and references only to its own parts (#id).
  purify.addHook('afterSanitizeAttributes', (node) => {
    for (const name of ['href', 'xlink:href']) {
      const value = node.getAttribute(name);
      if (value !== null && !value.startsWith('#')) node.removeAttribute(name);
    }
  });
  sanitiser = { window, purify };
  return sanitiser;
}

/**
 * A PNG (checked by its signature) or an SVG, sanitised by DOMPurify's SVG profile: no scripts, event
 * handlers, foreign objects, embedded images, styles or outside references. Anything else is refused with
 * the reason to show the administrator.
 */
export function acceptLogo(bytes: Buffer): AcceptedLogo {
  if (bytes.length === 0) return { error: 'Select a logo' };
  if (bytes.length > MAX_LOGO_BYTES) return { error: 'The logo must be smaller than 100KB' };
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return { bytes, type: 'image/png' };
  const text = bytes.toString('utf8');
  if (!/<svg[\s>]/i.test(text)) return { error: 'The logo must be a PNG or SVG' };
  const { window, purify } = logoSanitiser();
  const fragment = purify.sanitize(text, {
    USE_PROFILES: { svg: true, svgFilters: true },
    FORBID_TAGS: ['style', 'image', 'foreignObject', 'use', 'a', 'script'],
    FORBID_ATTR: ['style'],
    RETURN_DOM_FRAGMENT: true,
  });
  const roots = [...fragment.children];
  if (roots.length !== 1 || roots[0]!.localName !== 'svg') return { error: 'The logo must be a PNG or SVG' };
  // Written out as XML, the way an SVG file is read when served on its own.
  const clean = new window.XMLSerializer().serializeToString(roots[0]!);
  return { bytes: Buffer.from(clean, 'utf8'), type: 'image/svg+xml' };
}
