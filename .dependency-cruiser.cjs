/**
 * The import rules of src/, checked by `npm test` (npm run check:structure), made from the map of which
 * capability may use which in capabilities.cjs.
 */
const { CAPABILITIES } = require('./capabilities.cjs');

const names = Object.keys(CAPABILITIES);
const capabilityPath = (name) => `^src/${name}/`;

/** For each capability: no import of a capability it may not use, and of one it may use, only its index.ts. */
const capabilityRules = names.flatMap((name) => {
  const others = names.filter((n) => n !== name);
  const allowed = CAPABILITIES[name];
  const forbidden = others.filter((n) => !allowed.includes(n));
  return [
    ...(forbidden.length
      ? [
          {
            name: `${name}-uses-only-its-listed-capabilities`,
            comment: `${name} may use ${allowed.length ? allowed.join(', ') : 'no other capability'} (see CAPABILITIES in .dependency-cruiser.cjs)`,
            severity: 'error',
            from: { path: capabilityPath(name), pathNot: '\\.(test|spec)\\.ts$|\\.test-support\\.ts$' },
            to: { path: `^src/(${forbidden.join('|')})/` },
          },
        ]
      : []),
    ...(allowed.length
      ? [
          {
            name: `${name}-uses-others-through-their-index`,
            comment: 'another capability is used through its index.ts, never its repository, routes, services or rules directly',
            severity: 'error',
            from: { path: capabilityPath(name), pathNot: '\\.(test|spec)\\.ts$|\\.test-support\\.ts$' },
            to: { path: `^src/(${allowed.join('|')})/`, pathNot: `^src/(${allowed.join('|')})/index\\.ts$` },
          },
        ]
      : []),
  ];
});

module.exports = {
  forbidden: [
    ...capabilityRules,
    {
      name: 'wiring-through-index',
      comment: 'the composition root and the command line reach a capability only through its index.ts',
      severity: 'error',
      from: { path: '^src/(app\\.ts|cli/)', pathNot: '\\.(test|spec)\\.ts$' },
      to: { path: `^src/(${names.join('|')})/`, pathNot: `^src/(${names.join('|')})/index\\.ts$` },
    },
    {
      name: 'core-uses-no-capability',
      comment: 'the core is the ground floor: config, database, auth, pipeline, layout, errors, audit, clock',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: `^src/(${names.join('|')}|cli)/|^src/app\\.ts$` },
    },
    {
      name: 'migrations-stand-alone',
      comment: 'migrations are frozen in time and never import application code',
      severity: 'error',
      from: { path: '^src/migrations/' },
      to: { path: '^src/', pathNot: '^src/migrations/' },
    },
    {
      name: 'nothing-below-cli-imports-cli',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'product-code-imports-no-test-code',
      comment: 'test helpers live under test/ or beside tests as *.test-support.ts, never imported by product code',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.(test|spec)\\.ts$|\\.test-support\\.ts$' },
      to: { path: '^(test|e2e|bench)/|\\.(test|spec)\\.ts$|\\.test-support\\.ts$' },
    },
    {
      name: 'no-cycles',
      comment: 'modules never import each other in a circle',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, pathNot: '\\.(test|spec)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|data|public)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
