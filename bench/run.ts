/**
 * `npm run bench`: every benchmark, each beside its baseline measured in the same run. Figures go to
 * docs/benchmarks.md by hand, with the date and the machine. Run one with `npm run bench -- commands`.
 */
import { benchCommands } from './commands.js';
import { benchLog } from './log.js';
import { benchWitness } from './witness.js';
import { benchVerify } from './verify.js';
import { benchProjects } from './projects.js';
import { benchApi } from './api.js';
import { benchPortal } from './portal.js';
import { benchFund } from './fund.js';
import { benchAccess } from './access.js';
import { benchAssets } from './assets.js';

const ALL: Record<string, () => Promise<void>> = {
  commands: benchCommands,
  log: benchLog,
  witness: benchWitness,
  verify: benchVerify,
  projects: benchProjects,
  api: benchApi,
  portal: benchPortal,
  fund: benchFund,
  access: benchAccess,
  assets: benchAssets,
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
