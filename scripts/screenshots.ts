/**
 * Takes screenshots of built pages at phone and desktop widths in both themes, for a person to look
 * at (not a test). Usage: tsx scripts/screenshots.ts [path ...] (the build must be served on
 * :$E2E_PORT, 4173 by default).
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { findChromium } from './find-chromium.js';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/'];
const out = 'e2e-artifacts/screenshots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
	executablePath: findChromium() ?? undefined,
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
});
for (const path of paths) {
	for (const width of [375, 1280]) {
		for (const theme of ['light', 'dark'] as const) {
			const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
			await page.goto(`http://127.0.0.1:${PORT}${path}`);
			await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
			const name = `${out}/${path.replace(/[^a-z0-9]+/gi, '_') || 'home'}-${width}-${theme}.png`;
			await page.screenshot({ path: name, fullPage: true });
			console.log(name);
			await page.close();
		}
	}
}
await browser.close();
