import { readFileSync } from 'node:fs';
import path from 'node:path';
import { govukDir } from './views.ts';

/**
 * GOV.UK Frontend's compiled stylesheet as a service that is not on GOV.UK must use it: the GOV.UK Design
 * System reserves the GDS Transport typeface for GOV.UK, and advises `arial, sans-serif` elsewhere (what
 * `$govuk-font-family: arial, sans-serif` does when the Sass is compiled). There is no Sass build here, so
 * the compiled file is changed the same way when the app starts: the typeface's @font-face rules go, and
 * every font stack that names it starts at Arial. src/core/http/brand.http.test.ts checks nothing is left.
 */
export function offGovukStylesheet(source = readFileSync(path.join(govukDir, 'govuk/govuk-frontend.min.css'), 'utf8')): string {
  return source
    .replace(/@font-face\{font-family:\s*"?GDS Transport"?;[^}]*\}/g, '')
    .replace(/"?GDS Transport"?\s*,\s*/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}
