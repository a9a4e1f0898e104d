/** The demo loader's face: what the command line and the benchmarks use. */
export { loadDemo, loadDemoIfEmpty, SCALES, type DemoScale, type DemoSummary } from './demo.ts';
