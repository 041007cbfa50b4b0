import { describe, expect, it } from 'vitest';
import { PRESETS, runScenario, type Step } from '$lib/protocol';
import {
	describeDiagram,
	lanesOf,
	layoutDiagram,
	MAX_ROWS,
	packetAt,
	type DiagramLayout,
	type LayoutInput
} from './diagram-canvas';

function stepsOf(id: string): Step[] {
	const preset = PRESETS.find((p) => p.id === id);
	if (!preset) throw new Error(`no preset ${id}`);
	return runScenario(preset.scenario).steps;
}

/** Each party's lane, 0-based, as the component numbers them. */
function laneIndex(steps: Step[]) {
	return new Map(lanesOf(steps).map((p, i) => [p, i]));
}

/** A monospace-like measure: every character 0.6 of the font size (the size is in the font). */
function measure(text: string, font: string) {
	const px = Number(/([\d.]+)px/.exec(font)?.[1] ?? 16);
	return text.length * px * 0.6;
}

function lay(steps: Step[], index: number, over: Partial<LayoutInput> = {}): DiagramLayout {
	const lane = laneIndex(steps);
	return layoutDiagram({
		steps,
		index,
		lane: (s) => ({ from: lane.get(s.from) ?? 0, to: lane.get(s.to) ?? 0 }),
		lanes: lane.size,
		contentWidth: 660,
		scrollLeft: 0,
		width: 660,
		height: 480,
		em: 16,
		rem: 16,
		fonts: { sans: 'sans-serif', mono: 'monospace' },
		measure,
		...over
	});
}

const words = (l: DiagramLayout, step: number) =>
	l.rows
		.find((r) => r.step === step)
		?.runs.map((r) => r.text)
		.join(' ');

describe('layoutDiagram', () => {
	it('draws every message of a short run, oldest at the top, and no note about earlier ones', () => {
		const steps = stepsOf('relay-denied');
		const l = lay(steps, steps.length - 1, { height: 2000 });
		expect(l.rows.map((r) => r.step)).toEqual(steps.map((s) => s.index));
		expect(l.earlier).toBe(0);
		expect(l.notes.filter((n) => n.kind === 'earlier')).toEqual([]);
		for (let i = 1; i < l.rows.length; i++)
			expect(l.rows[i].top).toBeGreaterThan(l.rows[i - 1].top);
		const denied = steps.find((s) => /Relay access denied/.test(s.text));
		expect(denied).toBeDefined();
		expect(words(l, denied!.index)).toContain('Relay access denied');
		// Only the current message is highlighted.
		expect(l.rows.filter((r) => r.current).map((r) => r.step)).toEqual([steps.length - 1]);
	});

	it('draws the latest messages of a long run and counts the rest, which are in the transcript', () => {
		const steps = stepsOf('whole-journey');
		const last = steps.length - 1;
		const tall = lay(steps, last, { height: 5000 });
		expect(tall.rows).toHaveLength(MAX_ROWS);
		expect(tall.rows.at(-1)?.step).toBe(last);
		expect(tall.earlier).toBe(steps.length - MAX_ROWS);
		expect(
			tall.notes
				.find((n) => n.kind === 'earlier')
				?.runs.map((r) => r.text)
				.join(' ')
		).toBe(`${steps.length - MAX_ROWS} earlier messages are in the transcript`);
		// A shorter box draws fewer, and says so.
		const short = lay(steps, last, { height: 300 });
		expect(short.rows.length).toBeLessThan(MAX_ROWS);
		expect(short.earlier).toBe(steps.length - short.rows.length);
		// Whatever fits, nothing overlaps and nothing starts above the box.
		const boxes = [...short.rows, ...short.notes].sort((a, b) => a.top - b.top);
		expect(boxes[0].top).toBeGreaterThanOrEqual(0);
		for (let i = 1; i < boxes.length; i++)
			expect(boxes[i].top).toBeGreaterThanOrEqual(boxes[i - 1].top + boxes[i - 1].height);
		// And the current message is drawn even in a box too small for it.
		expect(lay(steps, 40, { height: 20 }).rows.map((r) => r.step)).toEqual([40]);
	});

	it('draws nothing before the first step', () => {
		const l = lay(stepsOf('laptop-587-starttls'), -1);
		expect(l.rows).toEqual([]);
		expect(l.notes).toEqual([]);
	});

	it('keeps every word and note inside what is visible while a wide run scrolls sideways', () => {
		const steps = stepsOf('whole-journey');
		for (const scrollLeft of [0, 130, 260])
			for (const index of [5, 30, 47, steps.length - 1]) {
				const l = lay(steps, index, { width: 340, contentWidth: 600, scrollLeft });
				const runs = [...l.rows.flatMap((r) => r.runs), ...l.notes.flatMap((n) => n.runs)];
				expect(runs.length).toBeGreaterThan(0);
				// In the lane area's coordinates: the visible part is scrollLeft to scrollLeft + 340.
				for (const r of runs) {
					expect(r.x - (r.pad ?? 0), `${r.text} at ${scrollLeft}`).toBeGreaterThanOrEqual(
						scrollLeft
					);
					expect(r.x + r.width + (r.pad ?? 0), `${r.text} at ${scrollLeft}`).toBeLessThanOrEqual(
						scrollLeft + 340
					);
				}
				for (const n of l.notes) {
					expect(n.left).toBeGreaterThanOrEqual(scrollLeft);
					expect(n.left + n.width).toBeLessThanOrEqual(scrollLeft + 340);
				}
			}
	});

	it('lays out a box too narrow or too short for anything without negative sizes', () => {
		const steps = stepsOf('whole-journey');
		for (const [width, height] of [
			[0, 0],
			[10, 480],
			[660, 5]
		]) {
			const l = lay(steps, 47, { width, height, contentWidth: Math.max(width, 1) });
			for (const n of l.notes) expect(n.width).toBeGreaterThanOrEqual(0);
			for (const r of l.rows) expect(r.height).toBeGreaterThan(0);
		}
	});

	it('cuts a word too long for the line, as overflow-wrap: anywhere did', () => {
		const steps = stepsOf('auth-plain-in-clear-587');
		const auth = steps.find((s) => s.text.startsWith('AUTH PLAIN '));
		expect(auth).toBeDefined();
		const l = lay(steps, auth!.index, { width: 300, contentWidth: 400 });
		const runs = l.rows.find((r) => r.step === auth!.index)!.runs;
		expect(runs.length).toBeGreaterThan(2);
		for (const r of runs) expect(r.x + r.width + (r.pad ?? 0)).toBeLessThanOrEqual(300);
		// Nothing is lost: the cut pieces give back the words.
		expect(runs.map((r) => r.text).join('')).toContain(auth!.text.split(' ').at(-1));
	});

	it('runs each arrow between the lanes of its sender and receiver, which scroll with it', () => {
		const steps = stepsOf('whole-journey');
		const lane = laneIndex(steps);
		const laneWidth = 600 / lane.size;
		const l = lay(steps, 50, { width: 340, contentWidth: 600, scrollLeft: 100, height: 5000 });
		for (const r of l.rows) {
			const s = steps[r.step];
			expect(r.arrow.from).toBeCloseTo((lane.get(s.from)! + 0.5) * laneWidth);
			expect(r.arrow.to).toBeCloseTo((lane.get(s.to)! + 0.5) * laneWidth);
		}
	});

	it('never shows what travelled inside TLS, and marks where the lock closes and opens', () => {
		const steps = stepsOf('whole-journey');
		const l = lay(steps, 30, { height: 5000 });
		const drawn = l.rows.map((r) => steps[r.step]);
		expect(drawn.some((s) => s.encrypted)).toBe(true);
		for (const r of l.rows) {
			const s = steps[r.step];
			if (!s.encrypted) continue;
			expect(words(l, r.step)).toMatch(
				/^\d+\. Encrypted \((TLS handshake message|\w+ inside TLS)\)$/
			);
			expect(r.encrypted).toBe(true);
		}
		// The first message on the wire in clear after the submission's TLS has a note above it (a
		// server's own note in between crosses no connection and gets none).
		const opens = l.notes.find((n) => n.kind === 'opens');
		const wire = l.rows.filter((r) => steps[r.step].hop !== null);
		const firstClear = wire.find((r, i) => i > 0 && !r.encrypted && wire[i - 1].encrypted);
		expect(opens && firstClear).toBeTruthy();
		expect(opens!.top + opens!.height).toBeLessThanOrEqual(firstClear!.top);
		expect(opens!.runs.map((r) => r.text).join(' ')).toBe(
			'From here the connection is in clear again'
		);
		const closes = lay(steps, 12, { height: 5000 }).notes.find((n) => n.kind === 'closes');
		expect(closes?.runs.map((r) => r.text).join(' ')).toBe('From here the connection is encrypted');
	});

	it('a party’s own note between two encrypted messages neither opens nor closes the lock', () => {
		// The command-injection run: the client notes how it reads the replies while TLS is up.
		const steps = stepsOf('command-injection');
		const note = steps.find(
			(s, i) => s.hop === null && steps[i - 1]?.encrypted && steps[i + 1]?.encrypted
		);
		expect(note).toBeDefined();
		const l = lay(steps, note!.index + 1, { height: 5000 });
		const kinds = l.notes.filter((n) => n.kind === 'opens' || n.kind === 'closes');
		// One lock closing, when TLS starts; nothing opens while it lasts.
		expect(kinds.map((n) => n.kind)).toEqual(['closes']);
	});

	it('puts the on-path attacker between the two ends of its hop, and badges what it decrypted', () => {
		expect(lanesOf(stepsOf('fake-cert-not-validated'))).toEqual([
			'client',
			'attacker',
			'submission-server'
		]);
		const relay = lanesOf(stepsOf('strip-starttls-relay'));
		expect(relay.indexOf('attacker')).toBe(relay.indexOf('mx') - 1);
		const steps = stepsOf('fake-cert-not-validated');
		const auth = steps.find((s) => s.text.startsWith('AUTH PLAIN'))!;
		const row = lay(steps, auth.index, { height: 5000 }).rows.find((r) => r.step === auth.index)!;
		expect(row.runs.find((r) => r.badge === 'bad')?.text).toBe('decrypted by the attacker');
		// Still no content of an encrypted message on the canvas.
		expect(row.runs.map((r) => r.text).join(' ')).not.toContain('AGFsaWNl');
	});

	it('badges a message the attacker altered, and one the on-path party read', () => {
		const steps = stepsOf('strip-starttls-relay');
		const altered = steps.find((s) => s.tampered)!;
		const l = lay(steps, altered.index, { height: 5000 });
		const runs = l.rows.find((r) => r.step === altered.index)!.runs;
		expect(runs.find((r) => r.badge === 'bad')?.text).toBe('altered on the way');
		expect(l.rows.find((r) => r.step === altered.index)?.tampered).toBe(true);
		const seen = l.rows.find((r) => steps[r.step].observer && !steps[r.step].encrypted)!;
		expect(seen.runs.find((r) => r.badge === 'warn')?.text).toBe('seen by the on-path party');
	});
});

describe('packetAt', () => {
	const row = (from: number, to: number) => ({
		step: 0,
		top: 0,
		height: 60,
		current: true,
		encrypted: false,
		tampered: false,
		runs: [],
		arrow: { from, to, y: 40 }
	});

	it('leaves the sender’s lane and ends against the receiver’s, either way', () => {
		expect(packetAt(row(100, 300), 0, 32)).toEqual({ x: 100, y: 24 });
		expect(packetAt(row(100, 300), 1, 32)).toEqual({ x: 268, y: 24 });
		expect(packetAt(row(100, 300), 0.5, 32).x).toBe(184);
		expect(packetAt(row(300, 100), 0, 32)).toEqual({ x: 268, y: 24 });
		expect(packetAt(row(300, 100), 1, 32)).toEqual({ x: 100, y: 24 });
	});

	it('stays on its lane for a step that does not leave the party', () => {
		expect(packetAt(row(150, 150), 0.3, 32)).toEqual({ x: 134, y: 24 });
	});
});

describe('describeDiagram', () => {
	it('names the current message in words, and never the content of an encrypted one', () => {
		const steps = stepsOf('isp-blocks-port-25');
		expect(describeDiagram(steps, -1)).toBe('No message sent yet');
		expect(describeDiagram(steps, 1)).toBe(
			'Message 2 of 2, Mail program: No answer from mail.example.com:25: connection timed out'
		);
		const tls = stepsOf('implicit-tls-465');
		const enc = tls.find((s) => s.encrypted && s.layer === 'SMTP')!;
		expect(describeDiagram(tls, enc.index)).toMatch(/: Encrypted \(SMTP inside TLS\)$/);
	});
});
