// Debian's Chromium, headless, through playwright-core (no browser download), as the other web tests launch it.
import type { BrowserContext } from 'playwright-core';

export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium', headless: true, acceptDownloads: true, viewport: { width: 1200, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Waits are for the page to catch up, not timing assertions: generous, since the test machine may be busy.
  context.setDefaultTimeout(90_000);
  return context;
}
