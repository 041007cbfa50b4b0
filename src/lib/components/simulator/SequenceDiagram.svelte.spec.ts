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
		expect(hidden).toBe(steps.length - 10);
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
		// The newest message is drawn while the one 10 places before it is still there.
		expect(within(diagram).getByText(`${steps.length}.`)).toBeInTheDocument();
		expect(within(diagram).getByText(`${steps.length - 10}.`)).toBeInTheDocument();
		// The highlight stays on the previous message until the diagram has settled.
		const row = (n: number) => within(diagram).getByText(`${n}.`).closest('li');
		expect(row(steps.length)).not.toHaveClass('current');
		expect(row(steps.length - 1)).toHaveClass('current');
		await rerender({ steps, index: last, settled: last, progress: 0.5 });
		expect(within(diagram).getByText(`${steps.length}.`)).toBeInTheDocument();
		expect(within(diagram).queryByText(`${steps.length - 10}.`)).toBeNull();
		expect(row(steps.length)).toHaveClass('current');
		expect(row(steps.length - 1)).not.toHaveClass('current');
	});

	it('builds the next message ahead of time, hidden, and shows it when its step comes', async () => {
		const steps = stepsOf('relay-denied');
		const { rerender } = render(SequenceDiagram, { steps, index: 1, progress: 1, ahead: true });
		const diagram = screen.getByRole('region', { name: /Sequence diagram/ });
		// Built, but neither shown nor in the accessibility tree.
		const next = diagram.querySelector('[data-row="2"]');
		expect(next).not.toBeNull();
		expect(next).toHaveAttribute('hidden');
		expect(
			within(diagram)
				.getAllByRole('listitem')
				.map((li) => li.dataset.row)
		).not.toContain('2');
		await rerender({ steps, index: 2, settled: 1, progress: 0, ahead: false });
		// The same element is shown, not a new one built in the frame that shows it.
		expect(diagram.querySelector('[data-row="2"]')).toBe(next);
		expect(next).not.toHaveAttribute('hidden');
		expect(
			within(diagram)
				.getAllByRole('listitem')
				.map((li) => li.dataset.row)
		).toContain('2');
	});
});
