/**
 * Shared browser-test fixtures. Every test that uses `test` from here:
 * - fails on an uncaught page error or any console.error;
 * - fails on any request that leaves the site's own origin (no third-party requests, ever);
 * - gets `gotoHydrated(path)`, which waits for the hydration marker set by the root layout,
 *   because a click before hydration is lost;
 * - gets `expectNoAxeViolations(label)`, running axe with the WCAG 2.0/2.1/2.2 A and AA tags.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Fixtures = {
	/** Console errors a test expects (for example the browser's own log of a 404 response). */
	allowedConsoleErrors: RegExp[];
	problems: string[];
	gotoHydrated: (path: string) => Promise<void>;
	expectNoAxeViolations: (label?: string) => Promise<void>;
};

export async function waitForHydration(page: Page) {
	await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

export async function axeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	return results.violations.map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help}\n` +
			v.nodes
				.slice(0, 5)
				.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`)
				.join('\n')
	);
}

export const test = base.extend<Fixtures>({
	allowedConsoleErrors: [[], { option: true }],
	problems: async ({ page, baseURL, allowedConsoleErrors }, use) => {
		const problems: string[] = [];
		const origin = new URL(baseURL ?? 'http://127.0.0.1/').origin;
		page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
		page.on('console', (msg) => {
			if (msg.type() !== 'error') return;
			if (allowedConsoleErrors.some((re) => re.test(msg.text()))) return;
			problems.push(`console.error: ${msg.text()}`);
		});
		await page.route('**/*', async (route) => {
			const url = route.request().url();
			if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) {
				await route.continue();
			} else {
				problems.push(`request left the site: ${url}`);
				await route.abort('blockedbyclient');
			}
		});
		await use(problems);
		expect(problems, 'page errors, console errors or third-party requests').toEqual([]);
	},
	gotoHydrated: async ({ page, problems }, use) => {
		void problems;
		await use(async (path: string) => {
			await page.goto(path);
			await waitForHydration(page);
		});
	},
	expectNoAxeViolations: async ({ page }, use) => {
		await use(async (label = '') => {
			const violations = await axeViolations(page);
			expect(violations, `axe violations ${label}`).toEqual([]);
		});
	}
});

export { expect };

/** Sets the colour theme the way a learner would, through the stored preference. */
export async function useTheme(page: Page, theme: 'light' | 'dark') {
	await page.emulateMedia({ colorScheme: theme });
}
