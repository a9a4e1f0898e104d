/** Monitoring visits: what the composition root, the command line and other capabilities may use. */
export { lastVisits, type LastVisits } from './visits.read.ts';
