/** The demo loader: generated demo data for every capability, as the command line and the benchmarks load it. */
export { loadDemo, loadDemoIfEmpty, SCALES, type DemoScale } from './demo.ts';
