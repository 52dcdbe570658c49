import type { DemoArea } from '../area.js';
import { fundDemoArea } from './fund.js';
import { accessDemoArea } from './access.js';
import { projectsDemoArea } from './projects.js';

/** The areas' demo parts, in the order they run after the core (governance, places, the fund). */
export const DEMO_AREAS: readonly DemoArea[] = [fundDemoArea, accessDemoArea, projectsDemoArea];
