// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { PRESETS, runScenario } from '$lib/protocol';
import SequenceDiagram from './SequenceDiagram.svelte';

function stepsOf(id: string) {
	const preset = PRESETS.find((p) => p.id === id);
	if (!preset) throw new Error(`no preset ${id}`);
	return runScenario(preset.scenario).steps;
}

afterEach(cleanup);

describe('SequenceDiagram', () => {
	it('draws every message of a short run', () => {
		const steps = stepsOf('relay-denied');
		render(SequenceDiagram, { steps, index: steps.length - 1, progress: 1 });
		const diagram = screen.getByRole('region', { name: /Sequence diagram/ });
		expect(within(diagram).getByText(/Relay access denied/)).toBeInTheDocument();
		expect(within(diagram).queryByText(/earlier message/)).toBeNull();
	});

	it('draws the latest messages of a long run and points to the transcript for the rest', () => {
		const steps = stepsOf('whole-journey');
		expect(steps.length).toBeGreaterThan(40);
		render(SequenceDiagram, { steps, index: steps.length - 1, progress: 1 });
		const diagram = screen.getByRole('region', { name: /Sequence diagram/ });
		const earlier = within(diagram).getByText(/earlier messages are in the transcript/);
		const hidden = Number(/(\d+) earlier/.exec(earlier.textContent ?? '')?.[1]);
		expect(hidden).toBe(steps.length - 16);
		// The last message is drawn with its number; the first one is not.
		expect(within(diagram).getByText(`${steps.length}.`)).toBeInTheDocument();
		expect(within(diagram).queryByText('1.')).toBeNull();
	});

	it('adds the new message at once and lets the oldest go only when the text has caught up', async () => {
		const steps = stepsOf('whole-journey');
		const last = steps.length - 1;
		const { rerender } = render(SequenceDiagram, {
			steps,
			index: last,
			settled: last - 1,
			progress: 0
		});
		const diagram = screen.getByRole('region', { name: /Sequence diagram/ });
		// The newest message is drawn while the one 16 places before it is still there.
		expect(within(diagram).getByText(`${steps.length}.`)).toBeInTheDocument();
		expect(within(diagram).getByText(`${steps.length - 16}.`)).toBeInTheDocument();
		await rerender({ steps, index: last, settled: last, progress: 0.5 });
		expect(within(diagram).getByText(`${steps.length}.`)).toBeInTheDocument();
		expect(within(diagram).queryByText(`${steps.length - 16}.`)).toBeNull();
	});
});
