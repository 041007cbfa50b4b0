/**
 * Main-thread benchmark of the simulator page (issue 4): serves the built site itself
 * (scripts/serve-build.js on a free port), opens /simulate/ on the longest preset in the system
 * Chromium with a 4× CPU slowdown (CDP Emulation.setCPUThrottlingRate), autoplays it at the highest
 * speed to the end, and reports the longest main-thread task seen by a 'longtask' PerformanceObserver.
 * Target: under 50 ms. Usage: npm run bench:ui (after npm run build; honours SPL_BUILD_DIR).
 * Exits 1 when the page never reaches its outcome; the figure itself is reported, not gated.
 * Diagnostics: BENCH_VERBOSE=1 lists each long task with its step; BENCH_REDUCED=1 plays with
 * reduced motion (step changes only, no travel frames); BENCH_HIDE='<css selector>' hides part of
 * the page, to find which panel the main-thread time goes to.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { PRESETS, runScenario } from '../src/lib/protocol';
import { findChromium, INSTALL_HINT } from './find-chromium.js';

const TARGET_MS = 50;
const CPU_SLOWDOWN = 4;

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

const executablePath = findChromium();
if (!executablePath) {
	console.error(INSTALL_HINT);
	process.exit(2);
}

const longest = PRESETS.map((p) => ({
	preset: p,
	steps: runScenario(p.scenario).steps.length
})).sort((a, b) => b.steps - a.steps)[0];
if (!longest) throw new Error('bench-ui: the protocol engine exports no presets');

const port = await freePort();
const server = spawn(process.execPath, ['scripts/serve-build.js', String(port)], {
	stdio: ['ignore', 'pipe', 'inherit'],
	env: process.env
});
await new Promise<void>((resolve, reject) => {
	server.once('exit', (code) => reject(new Error(`serve-build exited with ${code}`)));
	server.stdout?.once('data', () => resolve());
});

const browser = await chromium.launch({
	executablePath,
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
});
let exitCode = 0;
try {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 900 },
		reducedMotion: process.env.BENCH_REDUCED ? 'reduce' : 'no-preference'
	});
	const page = await context.newPage();
	await page.addInitScript(() => {
		const w = window as unknown as { __longTasks: number[]; __where: string[] };
		w.__longTasks = [];
		w.__where = [];
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) {
				w.__longTasks.push(entry.duration);
				const at = document.querySelector<HTMLInputElement>('input[type="range"]')?.value;
				w.__where.push(`${Math.round(entry.duration)} ms near step ${at}`);
			}
		}).observe({ type: 'longtask', buffered: true });
	});
	const cdp = await context.newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

	await page.goto(`http://127.0.0.1:${port}/simulate/`);
	await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
	const sim = page.getByRole('region', { name: 'Simulator' });
	await sim.getByLabel('Ready-made scenario').selectOption(longest.preset.id);
	await sim.getByLabel('Speed').selectOption('4');
	// Only the autoplay counts: forget the long tasks of loading and hydrating the page.
	await page.evaluate(() => {
		(window as unknown as { __longTasks: number[] }).__longTasks = [];
	});
	if (process.env.BENCH_HIDE)
		await page.addStyleTag({ content: `${process.env.BENCH_HIDE} { display: none !important; }` });
	const started = Date.now();
	await sim.getByRole('button', { name: 'Play' }).click();
	// A cheap, slow poll: Playwright's role queries walk the accessibility tree on the main thread
	// and would show up as long tasks themselves.
	await page.waitForFunction(
		() => document.querySelector('[aria-label="Outcome"]') !== null,
		null,
		{
			polling: 1000,
			timeout: 5 * 60_000
		}
	);
	const seconds = (Date.now() - started) / 1000;
	const tasks = await page.evaluate(
		() => (window as unknown as { __longTasks: number[] }).__longTasks
	);
	const worst = tasks.length ? Math.max(...tasks) : 0;
	if (process.env.BENCH_VERBOSE) {
		console.log(await page.evaluate(() => (window as unknown as { __where: string[] }).__where));
	}
	console.log(
		`bench:ui  preset "${longest.preset.title}" (${longest.steps} steps) at 4× speed, CPU ${CPU_SLOWDOWN}× slower`
	);
	console.log(
		`bench:ui  autoplay took ${seconds.toFixed(1)} s; long tasks (>50 ms): ${tasks.length}`
	);
	console.log(
		`bench:ui  longest main-thread task during autoplay: ${worst.toFixed(0)} ms (target < ${TARGET_MS} ms) ${worst < TARGET_MS ? 'ok' : 'OVER TARGET'}`
	);
} catch (err) {
	console.error('bench:ui failed:', err);
	exitCode = 1;
} finally {
	await browser.close();
	server.kill();
}
process.exit(exitCode);
