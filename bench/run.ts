/**
 * `npm run bench`: every benchmark, each beside its baseline measured in the same run. Figures go to
 * docs/benchmarks.md by hand, with the date and the machine. Run one with `npm run bench -- commands`.
 */
// Each benchmark is loaded only when it runs, so that a process's memory is that benchmark's alone.
const ALL: Record<string, () => Promise<void>> = {
  commands: async () => (await import('./commands.js')).benchCommands(),
  log: async () => (await import('./log.js')).benchLog(),
  witness: async () => (await import('./witness.js')).benchWitness(),
  verify: async () => (await import('./verify.js')).benchVerify(),
  projects: async () => (await import('./projects.js')).benchProjects(),
  api: async () => (await import('./api.js')).benchApi(),
  portal: async () => (await import('./portal.js')).benchPortal(),
  fund: async () => (await import('./fund.js')).benchFund(),
  access: async () => (await import('./access.js')).benchAccess(),
  assets: async () => (await import('./assets.js')).benchAssets(),
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(ALL)) {
  const run = ALL[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(ALL).join(', ')}`);
    process.exit(2);
  }
  await run();
}
process.exit(0);
