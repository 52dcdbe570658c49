import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const webRoot = fileURLToPath(new URL('../../../web/', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('../../../test-output/screenshots/', import.meta.url));
