/**
 * The simulator page (issue 4) in real Chromium: the three handshake modes played with the keyboard
 * alone, step back and forward, deep links, broken links, reduced motion, forced colours, the live
 * region, axe in both themes, and screenshots of each mode at desktop and phone widths (saved as
 * artifacts).
 * Expected lines and outcomes come from the protocol engine itself, never typed by hand.
 */
import { mkdirSync } from 'node:fs';
import {
	formatStep,
	PARTY_LABELS,
	PRESETS,
	runScenario,
	serializeScenario
} from '../src/lib/protocol';
import { expect, test, useTheme } from './fixtures';
import { SimulatorPage } from './pages/simulator';

const MODES = [
	{ mode: 'plaintext', preset: 'auth-plain-in-clear-587' },
	{ mode: 'STARTTLS', preset: 'laptop-587-starttls' },
	{ mode: 'implicit TLS', preset: 'implicit-tls-465' }
] as const;

function engine(id: string) {
	const preset = PRESETS.find((p) => p.id === id);
	if (!preset) throw new Error(`no preset ${id}`);
	const run = runScenario(preset.scenario);
	const query = serializeScenario(preset.scenario);
	return {
		preset,
		run,
		linesUpTo: (n: number) =>
			run.steps
				.slice(0, n)
				.flatMap((s) => formatStep({ ...s, observer: null }).map((l) => l.trim())),
		link: (step: number) => `simulate/?${query}${query ? '&' : ''}step=${step}`
	};
}

for (const { mode, preset } of MODES) {
	test(`${mode}: plays to its outcome with the keyboard alone`, async ({ page, gotoHydrated }) => {
		const e = engine(preset);
		const sim = new SimulatorPage(page);
		await gotoHydrated(e.link(0));
		await expect(sim.preset).toHaveValue(preset);
		await sim.tabToDiagram();
		// Space plays, Space again pauses.
		await page.keyboard.press('Space');
		await expect(sim.root.getByRole('button', { name: 'Pause' })).toBeVisible();
		await expect.poll(() => sim.position()).toBeGreaterThan(0);
		await page.keyboard.press('Space');
		await expect(sim.root.getByRole('button', { name: /^Play/ })).toBeVisible();
		// The arrow keys step the rest of the way.
		for (let i = await sim.position(); i < e.run.steps.length; i++) {
			await page.keyboard.press('ArrowRight');
		}
		await expect(sim.timeline).toHaveValue(String(e.run.steps.length));
		await expect(sim.outcome).toBeVisible();
		await expect(sim.outcome.getByRole('heading')).toHaveText(e.run.outcome.headline);
		expect(await sim.transcriptLines()).toEqual(e.linesUpTo(e.run.steps.length));
		// Focus never moved: it is still on the diagram.
		await expect(sim.diagram).toBeFocused();
		// Home goes back to the start.
		await page.keyboard.press('Home');
		await expect(sim.timeline).toHaveValue('0');
	});
}

test('stepping back and then forward gives the same transcript', async ({ page, gotoHydrated }) => {
	const e = engine('laptop-587-starttls');
	const sim = new SimulatorPage(page);
	await gotoHydrated(e.link(14));
	const before = await sim.transcriptLines();
	expect(before).toEqual(e.linesUpTo(14));
	await sim.back.click();
	await sim.back.click();
	expect(await sim.transcriptLines()).toEqual(e.linesUpTo(12));
	await sim.forward.click();
	await sim.forward.click();
	expect(await sim.transcriptLines()).toEqual(before);
});

test('a deep link restores the scenario and the step, and the address follows each step', async ({
	page,
	gotoHydrated
}) => {
	const e = engine('implicit-tls-465');
	const sim = new SimulatorPage(page);
	await gotoHydrated(e.link(9));
	await expect(sim.preset).toHaveValue('implicit-tls-465');
	await expect(sim.timeline).toHaveValue('9');
	expect(await sim.transcriptLines()).toEqual(e.linesUpTo(9));
	await expect(sim.notice).toHaveCount(0);
	await sim.forward.click();
	await expect(page).toHaveURL(/[?&]step=10$/);
	expect(page.url()).toContain('port=465&tls=implicit');
	// The copied address reopens exactly that moment.
	await gotoHydrated(page.url());
	await expect(sim.timeline).toHaveValue('10');
});

test('a broken link opens the nearest valid scenario with a notice naming what was ignored', async ({
	page,
	gotoHydrated
}) => {
	const sim = new SimulatorPage(page);
	await gotoHydrated('simulate/?port=99&colour=blue&tls=implicit&step=zz');
	await expect(sim.notice).toBeVisible();
	await expect(sim.notice).toContainText('port');
	await expect(sim.notice).toContainText('colour');
	await expect(sim.notice).toContainText('step');
	// What could be used was used: implicit TLS on the default port is the wrong mode for 587.
	await expect(sim.preset).toHaveValue('wrong-tls-mode-587');
	await sim.forward.click();
	await expect(sim.timeline).toHaveValue('1');
	expect(await sim.transcriptLines()).not.toEqual([]);
	await sim.notice.getByRole('button', { name: 'Dismiss this notice' }).click();
	await expect(sim.notice).toHaveCount(0);
});

test('a blocked port shows the attempt stopped at the firewall and a time-out', async ({
	page,
	gotoHydrated
}) => {
	const e = engine('isp-blocks-port-25');
	const sim = new SimulatorPage(page);
	await gotoHydrated(e.link(e.run.steps.length));
	await expect(sim.diagram.getByRole('list', { name: 'Parties' })).toContainText('Firewall');
	// The messages are drawn on a canvas; its accessible name says what the last one is: the SYN
	// went to the firewall, and the time-out is the mail program's own event (nothing comes back).
	await expect(sim.diagram.getByRole('img')).toHaveAccessibleName(
		/^Message 2 of 2, Mail program: .*connection timed out$/
	);
	await expect(sim.outcome.getByRole('heading')).toHaveText(e.run.outcome.headline);
});

test('with reduced motion, playing leaves no animation running and steps appear whole', async ({
	page,
	gotoHydrated
}) => {
	await page.emulateMedia({ reducedMotion: 'reduce' });
	const sim = new SimulatorPage(page);
	await gotoHydrated(engine('laptop-587-starttls').link(0));
	await expect(sim.reduceMotion).toBeChecked();
	await expect(sim.reduceMotion).toBeDisabled();
	await sim.play.click();
	for (let i = 0; i < 5; i++) {
		await page.waitForTimeout(150);
		expect(
			await page.evaluate(() =>
				document
					.getAnimations()
					.map(
						(a) =>
							`${a.constructor.name} ${(a as CSSTransition).transitionProperty ?? ''} ${(a.effect as KeyframeEffect)?.target?.outerHTML.slice(0, 120)}`
					)
			)
		).toEqual([]);
		// The packet rests at the end of its arrow: where it is drawn is its own style, not an
		// animation's, so no step is caught half-way.
		const packet = await page.evaluate(() => {
			const el = document.querySelector<HTMLElement>('.diagram .packet');
			return el && { style: el.style.transform, computed: getComputedStyle(el).transform };
		});
		const at = /^translate\((-?[\d.]+)px, (-?[\d.]+)px\)$/.exec(packet?.style ?? '');
		expect(at, 'the packet is placed at the end of its arrow').not.toBeNull();
		expect(packet?.computed).toBe(`matrix(1, 0, 0, 1, ${at?.[1]}, ${at?.[2]})`);
	}
	await expect.poll(() => sim.position()).toBeGreaterThan(0);
});

test('in normal motion the packet travels by an animation, which a pause stops', async ({
	page,
	gotoHydrated
}) => {
	await page.emulateMedia({ reducedMotion: 'no-preference' });
	const sim = new SimulatorPage(page);
	await gotoHydrated(engine('laptop-587-starttls').link(0));
	const moving = () =>
		page.evaluate(
			() =>
				document
					.getAnimations()
					.filter((a) => (a.effect as KeyframeEffect)?.target?.classList.contains('packet'))
					.filter((a) => a.playState === 'running').length
		);
	await sim.play.click();
	// Each message travels for 0.9 s at 1x: an animation runs during it.
	await expect.poll(moving, { intervals: [50] }).toBe(1);
	await sim.play.click(); // Pause: the message lands, and nothing moves.
	await expect(sim.play).toHaveAccessibleName('Play');
	expect(await moving()).toBe(0);
});

test('a scenario that resizes the diagram, or large text mid-run, never leaves it blank', async ({
	page,
	gotoHydrated
}) => {
	// The canvases are prepared again after a resize (SequenceDiagram's warm-up), and nothing is
	// drawn while that lasts: it must end, and only show blank before the first message.
	const sim = new SimulatorPage(page);
	await gotoHydrated('simulate/');
	// The shown canvas, read in the page (inked pixels, size, the timeline's step): now, or in each
	// of `frames` frames after pressing the button named `press`.
	const sample = (frames: number, press?: string) =>
		page.evaluate(
			async ({ frames, press }) => {
				const read = () => {
					const canvas = document.querySelector<HTMLCanvasElement>('canvas.messages:not(.back)')!;
					const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
					let inked = 0;
					for (let i = 3; i < data.length; i += 4) if (data[i] > 128) inked += 1;
					const step = Number(
						document.querySelector<HTMLInputElement>('input[type="range"]')!.value
					);
					return { inked, size: `${canvas.width}×${canvas.height}`, step };
				};
				if (press)
					[...document.querySelectorAll('button')]
						.find((b) => b.textContent?.trim() === press)!
						.click();
				const seen = frames ? [] : [read()];
				for (let k = 0; k < frames; k++) {
					await new Promise((done) => requestAnimationFrame(done));
					seen.push(read());
				}
				return seen;
			},
			{ frames, press }
		);
	const drawn = async () => (await sample(0))[0];
	// Settled first (fonts, layout), so that the size that changes below changes for the scenario.
	let before = '';
	await expect
		.poll(async () => {
			const first = (await drawn()).size;
			await page.waitForTimeout(100);
			before = (await drawn()).size;
			return before === first;
		})
		.toBe(true);
	await sim.choosePreset('whole-journey');
	// More lanes, with taller names: the canvases changed size, so they were prepared again.
	await expect.poll(async () => (await drawn()).size).not.toBe(before);
	await sim.forward.click();
	await expect.poll(async () => (await drawn()).inked).toBeGreaterThan(200);
	// Mid-run, large text resizes them again; the message stays drawn.
	const shown = (await drawn()).size;
	await sim.root.getByRole('checkbox', { name: /Large text/ }).check();
	await expect.poll(async () => (await drawn()).size).not.toBe(shown);
	await expect.poll(async () => (await drawn()).inked).toBeGreaterThan(200);
	await sim.forward.click();
	await expect(sim.timeline).toHaveValue('2');
	await expect.poll(async () => (await drawn()).inked).toBeGreaterThan(200);
	// Play at the end goes back before the first step with the warm-up for the new size still
	// owed, but plays at once: no frame that shows a step may show the diagram blank.
	await sim.diagram.focus();
	await page.keyboard.press('End');
	await expect(sim.play).toHaveAccessibleName('Play again');
	const frames = await sample(20, 'Play again');
	const showing = frames.filter((f) => f.step > 0);
	expect(showing.length).toBeGreaterThan(5);
	expect(showing.filter((f) => f.inked < 200)).toEqual([]);
});

test('the in-app reduce-motion toggle is remembered across visits', async ({
	page,
	gotoHydrated
}) => {
	const sim = new SimulatorPage(page);
	await gotoHydrated('simulate/');
	await expect(sim.reduceMotion).not.toBeChecked();
	await sim.reduceMotion.check();
	await page.reload();
	await expect(sim.reduceMotion).toBeChecked();
	expect(await page.evaluate(() => localStorage.getItem('spl.view'))).toContain(
		'"reduceMotion":true'
	);
});

test('large text for projectors enlarges the whole simulator, the outcome and the controls too', async ({
	page,
	gotoHydrated
}) => {
	const e = engine('laptop-587-starttls');
	const sim = new SimulatorPage(page);
	await gotoHydrated(e.link(e.run.steps.length));
	const size = (l: ReturnType<typeof page.locator>) =>
		l.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
	const parts = {
		outcome: sim.outcome.getByRole('heading'),
		play: sim.root.getByRole('button', { name: 'Play again' }),
		observer: sim.root.getByRole('heading', { name: /captured/ })
	};
	const before = { outcome: 0, play: 0, observer: 0 };
	for (const k of Object.keys(parts) as (keyof typeof parts)[]) before[k] = await size(parts[k]);
	await sim.root.getByRole('checkbox', { name: /Large text/ }).check();
	for (const k of Object.keys(parts) as (keyof typeof parts)[])
		expect(await size(parts[k]), k).toBeGreaterThanOrEqual(before[k] * 1.15);
});

test('pressing Step forward on the last step keeps keyboard focus, so the arrow keys still work', async ({
	page,
	gotoHydrated
}) => {
	const e = engine('implicit-tls-465');
	const sim = new SimulatorPage(page);
	await gotoHydrated(e.link(e.run.steps.length - 1));
	const forward = sim.root.getByRole('button', { name: 'Step forward' });
	await forward.focus();
	await page.keyboard.press('Enter');
	await expect(sim.timeline).toHaveValue(String(e.run.steps.length));
	await expect(forward).toBeFocused();
	await page.keyboard.press('ArrowLeft');
	await expect(sim.timeline).toHaveValue(String(e.run.steps.length - 1));
	// Dismissing a link's notice moves focus to the simulator's first control, not the page.
	await gotoHydrated('simulate/?phase=teleport');
	await sim.root.getByRole('button', { name: 'Dismiss this notice' }).focus();
	await page.keyboard.press('Enter');
	await expect(sim.preset).toBeFocused();
});

test('a corrupt stored view setting is ignored without errors', async ({ page, gotoHydrated }) => {
	await page.addInitScript(() => localStorage.setItem('spl.view', '{"speed":'));
	const sim = new SimulatorPage(page);
	await gotoHydrated('simulate/');
	await expect(sim.root.getByRole('combobox', { name: 'Speed' })).toHaveValue('1');
});

test('the live region announces each step in words', async ({ page, gotoHydrated }) => {
	const sim = new SimulatorPage(page);
	await gotoHydrated(engine('laptop-587-starttls').link(5));
	await expect(sim.announcer).toHaveAttribute('aria-live', 'polite');
	await sim.forward.click();
	await expect(sim.announcer).toHaveText(
		'Step 6 of 27: Submission server replied 220 2.0.0 Ready to start TLS.'
	);
	await sim.forward.click();
	await expect(sim.announcer).toContainText('Step 7 of 27: Mail program to Submission server');
	await expect(sim.announcer).toContainText('ClientHello');
});

test('in forced colours the current message and line stay marked, by an outline', async ({
	page,
	gotoHydrated
}) => {
	await page.emulateMedia({ forcedColors: 'active' });
	await gotoHydrated(engine('laptop-587-starttls').link(12));
	const outline = (selector: string) =>
		page.locator(selector).evaluate((el) => {
			const style = getComputedStyle(el);
			return { style: style.outlineStyle, width: style.outlineWidth };
		});
	// The highlight's background is dropped in forced colours; the outline is what remains.
	expect(await outline('.transcript-lines .line.current')).toEqual({
		style: 'solid',
		width: '2px'
	});
	// The diagram is drawn on a canvas, which forced colours do not recolour: it draws the outline in
	// the system's Highlight colour itself, and only around the current message.
	const highlighted = () =>
		page.evaluate(() => {
			// Highlight as a canvas paints it (it may be translucent).
			const probe = document.createElement('canvas').getContext('2d')!;
			probe.fillStyle = 'Highlight';
			probe.fillRect(0, 0, 1, 1);
			const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
			const canvas = document.querySelector<HTMLCanvasElement>('canvas.messages:not(.back)')!;
			const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
			const rows = new Set<number>();
			for (let i = 0; i < data.length; i += 4)
				if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === a)
					rows.add(Math.floor(i / 4 / canvas.width));
			return { rows: rows.size, height: canvas.height };
		});
	await expect.poll(async () => (await highlighted()).rows).toBeGreaterThan(20);
	const { rows, height } = await highlighted();
	// One message's height, not the whole box.
	expect(rows).toBeLessThan(height / 3);
	await page.emulateMedia({ forcedColors: 'none' });
	await expect.poll(async () => (await highlighted()).rows).toBe(0);
});

test('the shortcuts do nothing while focus is in a form field', async ({ page, gotoHydrated }) => {
	const sim = new SimulatorPage(page);
	await gotoHydrated(engine('laptop-587-starttls').link(3));
	await sim.timeline.focus();
	await page.keyboard.press('End'); // the range input's own End: to its last value
	await expect(sim.timeline).toHaveValue('27');
	await sim.preset.focus();
	await page.keyboard.press('Space');
	await expect(sim.root.getByRole('button', { name: 'Pause' })).toHaveCount(0);
});

for (const theme of ['light', 'dark'] as const) {
	test(`no axe violations at several steps of each handshake mode, ${theme} theme`, async ({
		page,
		gotoHydrated,
		expectNoAxeViolations
	}) => {
		test.setTimeout(90_000);
		await useTheme(page, theme);
		for (const { mode, preset } of MODES) {
			const e = engine(preset);
			const n = e.run.steps.length;
			for (const step of [0, Math.min(7, n), n]) {
				await gotoHydrated(e.link(step));
				if (step === n) {
					// Open every panel once, so their contents are checked too.
					for (const summary of await page.locator('.simulator summary').all()) {
						await summary.click();
					}
				}
				await expectNoAxeViolations(`${mode} at step ${step} (${theme})`);
			}
		}
	});
}

test('screenshots of each mode at 1280 px and 375 px', async ({ page, gotoHydrated }, testInfo) => {
	test.setTimeout(90_000);
	const dir = 'e2e-artifacts/simulate';
	mkdirSync(dir, { recursive: true });
	for (const width of [1280, 375]) {
		await page.setViewportSize({ width, height: 900 });
		for (const { mode, preset } of MODES) {
			const e = engine(preset);
			const step = Math.min(14, e.run.steps.length);
			await gotoHydrated(e.link(step));
			const path = `${dir}/${preset}-${width}.png`;
			await page.screenshot({ path, fullPage: true });
			await testInfo.attach(`${mode} at ${width}px`, { path, contentType: 'image/png' });
			// Nothing may stick out sideways at a phone's width.
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `horizontal overflow at ${width}px, ${mode}`).toBeLessThanOrEqual(0);
		}
	}
});

test('at 200% zoom and at 320 px the page reflows without sideways scrolling and still plays', async ({
	page,
	gotoHydrated
}) => {
	// 200% zoom of a 1280 px window lays the page out at 640 CSS px (WCAG 1.4.4); 320 px is the
	// reflow width of WCAG 1.4.10.
	for (const width of [640, 320]) {
		await page.setViewportSize({ width, height: 450 });
		await gotoHydrated(engine('implicit-tls-465').link(0));
		const sim = new SimulatorPage(page);
		await sim.forward.click();
		await sim.forward.click();
		await expect(sim.timeline).toHaveValue('2');
		await expect(sim.transcript).toContainText('ClientHello');
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `horizontal overflow at ${width} px`).toBeLessThanOrEqual(0);
	}
});

test('on a phone the notes between messages stay readable while the diagram scrolls sideways', async ({
	page,
	gotoHydrated
}) => {
	// The whole journey is wider than a phone, so the diagram scrolls sideways in its own box; a
	// note centred on that wide canvas used to be cut off at the edge of the screen. The canvas
	// scrolls with the lanes, and the words and notes are laid out in its visible part, again after
	// each scroll (diagram-canvas.spec.ts checks that every word and note fits).
	await page.setViewportSize({ width: 375, height: 800 });
	await gotoHydrated(engine('whole-journey').link(30));
	const sim = new SimulatorPage(page);
	// Where the note "From here the connection is in clear again" is painted: its background colour.
	const note = () =>
		sim.diagram.evaluate((box) => {
			const canvas = box.querySelector<HTMLCanvasElement>('canvas.messages:not(.back)')!;
			const probe = document.createElement('canvas').getContext('2d')!;
			probe.fillStyle = getComputedStyle(box).getPropertyValue('--warn-bg');
			probe.fillRect(0, 0, 1, 1);
			const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
			const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
			let left = Infinity;
			let right = -Infinity;
			for (let i = 0; i < data.length; i += 4)
				if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) {
					const x = (i / 4) % canvas.width;
					left = Math.min(left, x);
					right = Math.max(right, x);
				}
			const scale = canvas.width / canvas.getBoundingClientRect().width;
			return {
				left: left / scale,
				right: right / scale,
				from: box.scrollLeft,
				to: box.scrollLeft + box.clientWidth
			};
		});
	expect(
		await sim.diagram.evaluate((el) => el.scrollWidth > el.clientWidth),
		'the diagram is wider than the phone'
	).toBe(true);
	for (const scrollLeft of [0, 10_000]) {
		await sim.diagram.evaluate((el, x) => el.scrollTo({ left: x }), scrollLeft);
		await expect
			.poll(async () => {
				const n = await note();
				return n.left >= n.from && n.right <= n.to && n.right > n.left;
			}, `the note lies in the visible part (scrolled ${scrollLeft})`)
			.toBe(true);
	}
});

test('on a phone the diagram scrolls sideways to the lanes of the current message', async ({
	page,
	gotoHydrated
}) => {
	await page.setViewportSize({ width: 375, height: 800 });
	const e = engine('whole-journey');
	const sim = new SimulatorPage(page);
	// Whether the lanes of a step are inside the visible part of the diagram: both, or only where the
	// message goes when both do not fit on the screen.
	const inView = (at: number, only?: 'to') =>
		sim.diagram.evaluate(
			(box, names) => {
				const seen = box.getBoundingClientRect();
				return [...box.querySelectorAll('.head')]
					.filter((h) => names.includes(h.textContent?.trim() ?? ''))
					.every((h) => {
						const r = h.getBoundingClientRect();
						return r.left >= seen.left - 1 && r.right <= seen.right + 1;
					});
			},
			only
				? [PARTY_LABELS[e.run.steps[at].to]]
				: [PARTY_LABELS[e.run.steps[at].from], PARTY_LABELS[e.run.steps[at].to]]
		);
	// A step of the relay to the MX, far to the right of the mail program.
	const relay = e.run.steps.findIndex((s) => s.hop === 'relay' && s.to === 'mx');
	await gotoHydrated(e.link(relay + 1));
	expect(await sim.diagram.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	await expect.poll(() => inView(relay)).toBe(true);
	// Back to the start with Home: the mail program's lanes come back into view.
	await sim.diagram.focus();
	await page.keyboard.press('Home');
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => inView(0)).toBe(true);
	// The mailbox's last reply to the mail program spans every lane: its destination is in view.
	const last = e.run.steps.length - 1;
	expect(e.run.steps[last].from).not.toBe(e.run.steps[last].to);
	await page.keyboard.press('End');
	await expect.poll(() => inView(last, 'to')).toBe(true);
	// A learner's own scroll stays where it is when the page resizes; only a new step moves it.
	await sim.diagram.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
	const own = await sim.diagram.evaluate((el) => el.scrollLeft);
	expect(own).toBeGreaterThan(0);
	await page.setViewportSize({ width: 390, height: 800 });
	await page.waitForTimeout(300);
	expect(await sim.diagram.evaluate((el) => el.scrollLeft)).toBeGreaterThan(own - 30);
});
