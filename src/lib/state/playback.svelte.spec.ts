// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { DWELL_MS, Playback, TRAVEL_MS } from './playback.svelte';

describe('Playback', () => {
	it('starts before the first step and plays every step in order to the end, then stops', () => {
		const p = new Playback(3);
		expect(p.index).toBe(-1);
		p.play();
		const seen: number[] = [];
		for (let t = 0; t < 20_000 && p.playing; t += 16) {
			p.step(16);
			if (seen.at(-1) !== p.index) seen.push(p.index);
		}
		expect(seen).toEqual([0, 1, 2]);
		expect(p.playing).toBe(false);
		expect(p.atEnd).toBe(true);
	});

	it('moves a message along its arrow over time, and at once with reduced motion', () => {
		const p = new Playback(2);
		p.play();
		p.step(1);
		expect(p.index).toBe(0);
		expect(p.progress).toBe(0);
		p.step(TRAVEL_MS / 2);
		expect(p.progress).toBeCloseTo(0.5, 1);

		const instant = new Playback(2, { instant: true });
		instant.play();
		instant.step(1);
		expect(instant.index).toBe(0);
		expect(instant.progress).toBe(1);
	});

	it('goes twice as fast at 2× speed', () => {
		const slow = new Playback(10);
		const fast = new Playback(10, { speed: 2 });
		slow.play();
		fast.play();
		for (let i = 0; i < 200; i++) {
			slow.step(16);
			fast.step(16);
		}
		expect(fast.index).toBeGreaterThan(slow.index);
	});

	it('pausing stops the clock; stepping forward and back pauses and lands on whole steps', () => {
		const p = new Playback(4);
		p.play();
		p.step(1);
		p.pause();
		const at = p.index;
		p.step(TRAVEL_MS + DWELL_MS * 3);
		expect(p.index).toBe(at);
		p.forward();
		expect(p.index).toBe(at + 1);
		expect(p.progress).toBe(1);
		p.back();
		p.back();
		expect(p.index).toBe(at - 1);
		expect(p.playing).toBe(false);
	});

	it('never leaves the range of steps, whatever it is asked', () => {
		const p = new Playback(3);
		p.goTo(99);
		expect(p.index).toBe(2);
		p.goTo(-5);
		expect(p.index).toBe(-1);
		p.goTo(Number.NaN);
		expect(p.index).toBe(-1);
		p.back();
		expect(p.index).toBe(-1);
	});

	it('during autoplay the text panels follow the diagram one tick later; any control aligns them', () => {
		const p = new Playback(3);
		p.play();
		p.step(1);
		expect(p.index).toBe(0);
		expect(p.detailIndex).toBe(-1);
		p.step(1);
		expect(p.detailIndex).toBe(0);
		// Pausing right after a new step was drawn shows its text at once.
		for (let t = 0; t < 5_000 && p.index < 1; t += 16) p.step(16);
		expect(p.detailIndex).toBe(0);
		p.pause();
		expect(p.detailIndex).toBe(1);
		p.forward();
		expect([p.index, p.detailIndex]).toEqual([2, 2]);
		p.goTo(0);
		expect([p.index, p.detailIndex]).toEqual([0, 0]);
		p.reset(3, 1);
		expect([p.index, p.detailIndex]).toEqual([1, 1]);
		// Played to the end, the text shows the last step before the clock stops.
		p.play();
		for (let t = 0; t < 20_000 && p.playing; t += 16) p.step(16);
		expect([p.index, p.detailIndex]).toEqual([2, 2]);
	});

	it('spreads a new step over four frames: diagram, transcript, side panels, outcome', () => {
		const p = new Playback(3);
		p.play();
		p.step(16);
		const at = () => [p.index, p.detailIndex, p.panelIndex, p.outcomeIndex];
		expect(at()).toEqual([0, -1, -1, -1]);
		p.step(16);
		expect(at()).toEqual([0, 0, -1, -1]);
		p.step(16);
		expect(at()).toEqual([0, 0, 0, -1]);
		p.step(16);
		expect(at()).toEqual([0, 0, 0, 0]);
		// A step back while the panels lag brings everything to the same step at once.
		for (let t = 0; t < 5_000 && p.index < 1; t += 16) p.step(16);
		expect(at()).toEqual([1, 0, 0, 0]);
		p.back();
		expect(at()).toEqual([0, 0, 0, 0]);
	});

	it('prepares the next step only during the dwell, in a frame of its own, and never at the end', () => {
		const p = new Playback(2);
		p.play();
		p.step(16); // step 0 drawn
		expect(p.ahead).toBe(false);
		let ticks = 0;
		while (!p.ahead && ticks < 1_000) {
			p.step(16);
			ticks += 1;
			// Never while the message is still travelling or the panels still catch up.
			if (p.ahead) {
				expect(p.progress).toBe(1);
				expect(p.panelIndex).toBe(p.index);
			}
		}
		expect(p.ahead).toBe(true);
		expect(p.index).toBe(0);
		// The frame that moves to the next step is not the one that prepared it.
		for (let t = 0; t < 5_000 && p.index < 1; t += 16) p.step(16);
		expect(p.index).toBe(1);
		expect(p.ahead).toBe(false);
		// At the last step there is nothing to prepare.
		for (let t = 0; t < 5_000 && p.playing; t += 16) p.step(16);
		expect(p.ahead).toBe(false);
		// Any control drops what was prepared.
		const q = new Playback(3);
		q.play();
		for (let t = 0; t < 5_000 && !q.ahead; t += 16) q.step(16);
		expect(q.ahead).toBe(true);
		q.pause();
		expect(q.ahead).toBe(false);
	});

	it('Play prepares the first step at once, and the next tick only shows it', () => {
		// The press itself lets the diagram paint it (hidden); the browser's first frame after it
		// (that tick has no elapsed time to step by) moves to it.
		const p = new Playback(3, { index: 0 });
		p.play();
		expect(p.ahead).toBe(true);
		expect(p.index).toBe(0);
		p.step(16);
		expect(p.index).toBe(1);
		expect(p.ahead).toBe(false);
		// At the last step Play starts again from before the first, and prepares the first.
		const q = new Playback(2, { index: 1 });
		q.play();
		expect(q.index).toBe(-1);
		expect(q.ahead).toBe(true);
		q.pause();
		expect(q.ahead).toBe(false);
	});

	it('with reduced motion too, prepares the next step only after the panels caught up', () => {
		const p = new Playback(3, { instant: true });
		p.play();
		p.step(16);
		expect(p.index).toBe(0);
		// The frame in which `ahead` turns on renders nothing else: the panels showed step 0 before it.
		let panelsBefore = p.panelIndex;
		for (let t = 0; t < 5_000 && !p.ahead; t += 16) {
			panelsBefore = p.panelIndex;
			p.step(16);
		}
		expect(p.ahead).toBe(true);
		expect(p.index).toBe(0);
		expect(panelsBefore).toBe(0);
	});

	it('play at the end starts again from the beginning', () => {
		const p = new Playback(2, { index: 1 });
		expect(p.atEnd).toBe(true);
		p.play();
		expect(p.index).toBe(-1);
		expect(p.playing).toBe(true);
	});
});
