/**
 * Which capability may use which: the one map that the import rules (.dependency-cruiser.cjs), the table
 * rules (test/structure.test.ts) and the picture in docs/architecture.md (scripts/architecture.ts) are made from.
 *
 * A capability is a folder of src/ that does one job for its users. It may use the capabilities listed for it
 * here, and only through their index.ts (its small, named interface); never another's repository, routes,
 * services or tables, and never one that uses it (the map has no cycles). The core (config, database, auth,
 * the route pipeline, layout, errors, audit, clock) uses no capability. The composition root (src/app.ts) and
 * the command line (src/cli) wire capabilities together, again through their index.ts.
 */
const CAPABILITIES = {
  accounts: [],
  providers: [],
  cqc: ['providers'],
  intelligence: ['providers'],
  assessments: ['providers'],
  visits: ['providers', 'assessments'],
  actions: ['providers', 'assessments', 'visits'],
  escalation: ['providers'],
  risk: ['providers', 'cqc', 'assessments', 'intelligence', 'visits', 'escalation', 'returns'],
  status: ['providers', 'escalation', 'risk'],
  returns: ['providers'],
  // Market oversight (issue 18): care-home fee bands from the annual audits; provider failure contingency
  // (reads intelligence, schedules visits, reads returns).
  market: ['providers', 'assessments', 'cqc', 'escalation', 'intelligence', 'visits', 'returns'],
  reports: ['providers', 'cqc', 'assessments', 'visits', 'actions', 'intelligence', 'risk', 'escalation', 'status'],
  // Loads generated demo data into every capability's tables (set-based, for speed): a loader, not a capability.
  demo: ['accounts', 'providers', 'assessments', 'visits', 'actions', 'risk', 'market'],
  // Backs up and restores every table, found in the database's catalog: a loader, not a capability.
  backup: [],
};

/**
 * Tables any capability may read (join for a name, scope by council), because they name and scope everything;
 * only their owner writes them. Every other table is read and written by its owner alone.
 */
const SHARED_READ_TABLES = ['organisations', 'users', 'providers', 'services'];

/** Folders that load data into every capability's tables in bulk (not capabilities themselves). */
const LOADERS = ['demo', 'backup'];

module.exports = { CAPABILITIES, SHARED_READ_TABLES, LOADERS };
