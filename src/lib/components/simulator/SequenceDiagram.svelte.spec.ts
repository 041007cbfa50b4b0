// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { PARTY_LABELS, PRESETS, runScenario } from '$lib/protocol';
import SequenceDiagram from './SequenceDiagram.svelte';

// The messages are drawn on a canvas, which jsdom does not have (tests/setup.ts makes getContext
// return null, as a browser without 2D canvas would): what is checked here is what is not drawn,
// the lanes and the words for assistive technology. diagram-canvas.spec.ts checks the drawing's
// layout, and the e2e tests the pixels.

function stepsOf(id: string) {
	const preset = PRESETS.find((p) => p.id === id);
	if (!preset) throw new Error(`no preset ${id}`);
	return runScenario(preset.scenario).steps;
}

afterEach(cleanup);

describe('SequenceDiagram', () => {
	it('has a lane for each party of the run, in the engine’s order', () => {
		const steps = stepsOf('isp-blocks-port-25');
		render(SequenceDiagram, { steps, index: -1, progress: 1 });
		const diagram = screen.getByRole('region', { name: /Sequence diagram/ });
		const lanes = within(diagram).getByRole('list', { name: 'Parties' });
		expect(
			within(lanes)
				.getAllByRole('listitem')
				.map((li) => li.textContent)
		).toEqual([PARTY_LABELS.client, PARTY_LABELS.firewall]);
	});

	it('says how to start before the first message, and names the current one after', async () => {
		const steps = stepsOf('isp-blocks-port-25');
		const { rerender } = render(SequenceDiagram, { steps, index: -1, progress: 1 });
		const diagram = screen.getByRole('region', { name: /Sequence diagram/ });
		expect(diagram).toHaveTextContent('Press Play or Step forward to send the first message.');
		expect(within(diagram).getByRole('img')).toHaveAccessibleName('No message sent yet');
		await rerender({ steps, index: 1, progress: 1 });
		expect(diagram).not.toHaveTextContent('Press Play');
		expect(within(diagram).getByRole('img')).toHaveAccessibleName(
			'Message 2 of 2, Mail program: No answer from mail.example.com:25: connection timed out'
		);
	});

	it('never names what travelled inside TLS', () => {
		const steps = stepsOf('implicit-tls-465');
		const secret = steps.find((s) => s.encrypted && s.layer === 'SMTP');
		expect(secret).toBeDefined();
		render(SequenceDiagram, { steps, index: secret!.index, progress: 1 });
		const picture = screen.getByRole('img');
		expect(picture).toHaveAccessibleName(/Encrypted \(SMTP inside TLS\)$/);
		expect(picture.getAttribute('aria-label')).not.toContain(secret!.text.split('\n')[0]);
	});
});
