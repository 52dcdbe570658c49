import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; the test machines install it with apt, never through a browser download. */
export const chromiumPath = '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium, waiting up to `waitMs` for a still-running apt install to put it in place. */
export async function launchChromium(waitMs = 100_000): Promise<Browser> {
  const deadline = Date.now() + waitMs;
  while (!existsSync(chromiumPath)) {
    if (Date.now() > deadline)
      throw new Error(`${chromiumPath} not found: install Debian's chromium package`);
    await sleep(1_000);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}
