import type { DemoArea } from '../area.js';

/** The areas' demo parts, in the order they run after the core (governance, places, the fund). */
export const DEMO_AREAS: readonly DemoArea[] = [];
