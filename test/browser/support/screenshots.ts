import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshotDir } from './paths.js';

/**
 * Takes a full-page screenshot into test-output/screenshots/<name>.png and checks it is a real
 * picture of the page: a PNG as wide as the viewport, tall enough, and heavy enough to hold content.
 */
export async function takeScreenshot(page: Page, name: string, minBytes = 15_000): Promise<Buffer> {
  mkdirSync(screenshotDir, { recursive: true });
  const png = await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  const viewport = page.viewportSize();
  expect(png.subarray(1, 4).toString('latin1'), `${name}: PNG signature`).toBe('PNG');
  expect(png.readUInt32BE(16), `${name}: width`).toBe(viewport?.width);
  expect(png.readUInt32BE(20), `${name}: height`).toBeGreaterThanOrEqual(viewport?.height ?? 1);
  expect(png.length, `${name}: size in bytes`).toBeGreaterThan(minBytes);
  return png;
}

/** True when nothing sticks out sideways: no horizontal scrolling on a phone. */
export async function fitsViewportWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}
