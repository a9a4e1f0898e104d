// Progressive enhancement only: every page works without this script.
import { initAll } from '/assets/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj-frontend.min.js';

initAll();
// The Ministry of Justice components: sortable tables (a list of one page sorts in place; their headers
// are also links that sort on the server) and the filter's show and hide.
initMoj();
