import { expect, test, useTheme } from './fixtures';

const ROUTES = [
	{ path: './', heading: /see how email travels/i },
	{ path: 'simulate/', heading: /simulat/i },
	{ path: 'quiz/', heading: /quiz/i }
];

for (const theme of ['light', 'dark'] as const) {
	for (const route of ROUTES) {
		test(`${route.path} loads with its heading and no axe violations in the ${theme} theme`, async ({
			page,
			gotoHydrated,
			expectNoAxeViolations
		}) => {
			await useTheme(page, theme);
			await gotoHydrated(route.path);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
			await expectNoAxeViolations(`${route.path} ${theme}`);
		});
	}
}

test.describe('a missing page', () => {
	// The browser itself logs the 404 status of the document; nothing else may be logged.
	test.use({ allowedConsoleErrors: [/^Failed to load resource: .*404/] });

	test('an unknown address shows the not-found page with a way home', async ({
		page,
		gotoHydrated
	}) => {
		const response = await page.request.get('no-such-page/');
		expect(response.status()).toBe(404);
		await gotoHydrated('no-such-page/');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
		await page.getByRole('link', { name: 'Go to the home page' }).click();
		await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
	});
});

test('with the keyboard alone, Tab reaches the skip link first, then every navigation link', async ({
	page,
	gotoHydrated
}) => {
	await gotoHydrated('./');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();
	const reached: string[] = [];
	for (let i = 0; i < 8; i++) {
		await page.keyboard.press('Tab');
		reached.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
	}
	expect(reached).toEqual(expect.arrayContaining(['SMTP Port Lab', 'Simulate', 'Quiz']));
	// The skip link moves focus to the main content.
	await gotoHydrated('./');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
});

test('the theme toggle switches the theme and the choice survives a reload', async ({
	page,
	gotoHydrated
}) => {
	await useTheme(page, 'light');
	await gotoHydrated('./');
	const toggle = page.getByRole('button', { name: 'Dark theme' });
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	const lightBg = await page.evaluate(
		() => getComputedStyle(document.documentElement).backgroundColor
	);
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-pressed', 'true');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	const darkBg = await page.evaluate(
		() => getComputedStyle(document.documentElement).backgroundColor
	);
	expect(darkBg).not.toBe(lightBg);
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	// Choosing light again is remembered too, even though the system prefers light.
	await page.getByRole('button', { name: 'Dark theme' }).click();
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('a corrupt stored theme falls back to the system theme without errors', async ({
	page,
	gotoHydrated
}) => {
	await useTheme(page, 'dark');
	await page.addInitScript(() => localStorage.setItem('spl.theme', '{"broken'));
	await gotoHydrated('./');
	await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
});

test('the built site works from a sub-path, as on a CDN folder or in an LMS package', async ({
	page,
	gotoHydrated
}) => {
	await gotoHydrated('/nested/deploy/');
	await page.getByRole('link', { name: 'Simulate' }).first().click();
	await expect(page).toHaveURL(/\/nested\/deploy\/simulate\/(\?.*)?$/);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
