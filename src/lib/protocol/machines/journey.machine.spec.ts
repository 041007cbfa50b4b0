import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { journeyMachine, type JourneyInput } from './journey.machine';

function phases(input: JourneyInput, fail?: string): { visited: string[]; end: string } {
	let [snap] = initialTransition(journeyMachine, input);
	const visited: string[] = [];
	while (snap.status !== 'done') {
		const v = String(snap.value);
		visited.push(v);
		[snap] = transition(journeyMachine, snap, {
			type: v === fail ? 'phase.failed' : 'phase.completed'
		});
	}
	return { visited, end: String(snap.value) };
}

describe('journey machine', () => {
	it('runs submission, relay and receipt in order for a whole journey', () => {
		expect(phases({ phase: 'journey' })).toEqual({
			visited: ['submission', 'relay', 'receipt'],
			end: 'delivered'
		});
	});

	it('runs a single phase on its own', () => {
		expect(phases({ phase: 'relay' }).visited).toEqual(['relay']);
		expect(phases({ phase: 'receipt' }).visited).toEqual(['receipt']);
		expect(phases({ phase: 'submission' }).visited).toEqual(['submission']);
	});

	it('stops at the first phase that fails', () => {
		expect(phases({ phase: 'journey' }, 'relay')).toEqual({
			visited: ['submission', 'relay'],
			end: 'stopped'
		});
	});
});
