// @vitest-environment jsdom
/**
 * Ordering steps without dragging: Move up and Move down buttons, focus kept on the moved step, and
 * a polite status saying where it went.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { Answer, OrderQuestion } from '$lib/quiz';
import OrderAnswer from './OrderAnswer.svelte';
import OrderHarness from './fixtures/OrderHarness.svelte';

const question: OrderQuestion = {
	id: 'o',
	kind: 'order',
	topic: 't',
	difficulty: 1,
	prompt: 'Order them',
	explanation: 'E',
	citation: 'RFC 3207 §4',
	steps: [
		{ id: 'a', text: 'EHLO' },
		{ id: 'b', text: 'STARTTLS' },
		{ id: 'c', text: 'TLS handshake' }
	],
	correct: ['a', 'b', 'c']
};

afterEach(() => cleanup());

describe('OrderAnswer', () => {
	it('moves a step up with its button and keeps focus on the moved step', async () => {
		render(OrderHarness, { question, initial: { kind: 'order', stepIds: ['b', 'a', 'c'] } });
		expect(screen.getByRole('button', { name: 'Move up: STARTTLS' })).toBeDisabled();
		await fireEvent.click(screen.getByRole('button', { name: 'Move up: EHLO' }));
		expect(JSON.parse(screen.getByTestId('answer').textContent!)).toEqual({
			kind: 'order',
			stepIds: ['a', 'b', 'c']
		});
		// At the top, Move up no longer works, so focus goes to Move down of the same step.
		await waitFor(() =>
			expect(screen.getByRole('button', { name: 'Move down: EHLO' })).toHaveFocus()
		);
		expect(screen.getByRole('status')).toHaveTextContent('“EHLO” is now step 1 of 3.');
	});

	it('reports every move as a new answer', async () => {
		const changes: Answer[] = [];
		render(OrderAnswer, {
			question,
			answer: { kind: 'order', stepIds: ['a', 'b', 'c'] },
			onchange: (a: Answer) => changes.push(a)
		});
		await fireEvent.click(screen.getByRole('button', { name: 'Move down: EHLO' }));
		expect(changes).toEqual([{ kind: 'order', stepIds: ['b', 'a', 'c'] }]);
	});

	it('lists the steps in the order of the answer and disables every button when locked', () => {
		render(OrderAnswer, {
			question,
			answer: { kind: 'order', stepIds: ['c', 'b', 'a'] },
			disabled: true,
			onchange: () => {}
		});
		const items = screen.getAllByRole('listitem').map((li) => li.textContent);
		expect(items[0]).toContain('TLS handshake');
		for (const button of screen.getAllByRole('button')) expect(button).toBeDisabled();
	});
});
