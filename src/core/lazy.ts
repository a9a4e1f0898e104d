import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded the first time it is used rather than when the app starts. The packages used
 * only by an upload, an export or an email (jsdom for logos, exceljs, pdfkit, nodemailer, qrcode) took
 * about half of a restart of the embedded server (issue 16): every start paid for them, few requests do.
 */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
