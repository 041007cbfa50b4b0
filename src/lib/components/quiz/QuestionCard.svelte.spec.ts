// @vitest-environment jsdom
/**
 * A question on screen, as a learner meets it: the answer input for its kind, Check, feedback with
 * the misconception, the citation and the simulator link, and the try again / show answer / next
 * buttons the flow allows; focus moves to the feedback heading after checking.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { loadQuizBank } from '$lib/content/quiz-bank';
import { QuizController } from '$lib/state/quiz.svelte';
import QuestionCard from './QuestionCard.svelte';

const { questions } = loadQuizBank();
const byId = (id: string) => questions.find((q) => q.id === id)!;

function show(id: string) {
	const quiz = new QuizController({ bank: [byId(id)] });
	quiz.start({ mode: 'assessment', topic: '', seed: 'test', pass: 80 });
	let nexts = 0;
	render(QuestionCard, { quiz, onnext: () => nexts++ });
	return { quiz, nexts: () => nexts };
}

afterEach(() => cleanup());

describe('QuestionCard', () => {
	it('shows a predict-the-reply question with its transcript and enables Check once a reply is chosen', async () => {
		show('trouble-auth-before-tls');
		expect(screen.getByRole('heading', { level: 2, name: 'Question 1 of 1' })).toBeInTheDocument();
		const transcript = screen.getByRole('list', { name: 'Transcript' });
		expect(within(transcript).getAllByRole('listitem').at(-1)).toHaveTextContent(
			/^Client\s*AUTH PLAIN/
		);
		const check = screen.getByRole('button', { name: 'Check answer' });
		expect(check).toBeDisabled();
		await fireEvent.click(
			screen.getByRole('radio', { name: '530 5.7.0 Must issue a STARTTLS command first' })
		);
		expect(check).toBeEnabled();
	});

	it('after a wrong answer names the misconception, cites the RFC, links to the simulator and moves focus to the feedback', async () => {
		show('trouble-auth-before-tls');
		await fireEvent.click(
			screen.getByRole('radio', {
				name: '538 5.7.11 Encryption required for requested authentication mechanism'
			})
		);
		await fireEvent.click(screen.getByRole('button', { name: 'Check answer' }));
		const heading = await screen.findByRole('heading', { level: 3, name: 'Not quite' });
		await waitFor(() => expect(heading).toHaveFocus());
		expect(screen.getByText(/documented here for historical purposes only/)).toBeInTheDocument();
		expect(screen.getByText('RFC 3207 §4; RFC 4954 §6')).toBeInTheDocument();
		const link = screen.getByRole('link', { name: 'Open this in the simulator' });
		expect(link.getAttribute('href')).toMatch(/simulate\/\?tls=none&encrypt=yes$/);
		expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
		expect(screen.queryByRole('button', { name: 'Next question' })).toBeNull();
	});

	it('shows the right answer on request, then offers to see the results', async () => {
		const { nexts } = show('trouble-auth-before-tls');
		await fireEvent.click(
			screen.getByRole('radio', { name: '235 2.7.0 Authentication successful' })
		);
		await fireEvent.click(screen.getByRole('button', { name: 'Check answer' }));
		await fireEvent.click(await screen.findByRole('button', { name: 'Show answer' }));
		expect(
			await screen.findByRole('heading', { level: 3, name: 'The right answer' })
		).toBeInTheDocument();
		expect(
			screen.getByText('530 5.7.0 Must issue a STARTTLS command first', { selector: 'p' })
		).toBeInTheDocument();
		await fireEvent.click(screen.getByRole('button', { name: 'See results' }));
		expect(nexts()).toBe(1);
	});

	it('grades the port and the security mode of a port-mode answer separately', async () => {
		show('choose-home-client');
		const port = screen.getByRole('group', { name: 'Port' });
		const mode = screen.getByRole('group', { name: 'Security mode' });
		await fireEvent.click(within(port).getByRole('radio', { name: 'Port 587' }));
		await fireEvent.click(within(mode).getByRole('radio', { name: /^Implicit TLS/ }));
		await fireEvent.click(screen.getByRole('button', { name: 'Check answer' }));
		expect(await screen.findByText('Port: right. Security mode: not right.')).toBeInTheDocument();
		expect(screen.getByText(/starts with a plaintext 220 greeting/)).toBeInTheDocument();
	});

	it('accepts the advisor’s alternative and says it is not the best answer', async () => {
		show('choose-home-client');
		await fireEvent.click(
			within(screen.getByRole('group', { name: 'Port' })).getByRole('radio', { name: 'Port 587' })
		);
		await fireEvent.click(
			within(screen.getByRole('group', { name: 'Security mode' })).getByRole('radio', {
				name: /^STARTTLS/
			})
		);
		await fireEvent.click(screen.getByRole('button', { name: 'Check answer' }));
		expect(await screen.findByRole('heading', { level: 3, name: 'Right' })).toBeInTheDocument();
		expect(screen.getByText(/An acceptable alternative, not the best answer/)).toBeInTheDocument();
	});

	it('lets a learner select transcript lines in a spot-the-problem question', async () => {
		show('eaves-spot-leak');
		await fireEvent.click(screen.getByRole('checkbox', { name: /AUTH PLAIN/ }));
		await fireEvent.click(screen.getByRole('button', { name: 'Check answer' }));
		expect(await screen.findByRole('heading', { level: 3, name: 'Right' })).toBeInTheDocument();
		// The polite live region announces the verdict.
		expect(screen.getByText('Right.')).toHaveAttribute('aria-live', 'polite');
	});

	it('marks each step of an order question as in place or not after checking', async () => {
		show('tls-starttls-order');
		await fireEvent.click(screen.getByRole('button', { name: 'Check answer' }));
		expect(await screen.findByRole('heading', { level: 3, name: 'Not quite' })).toBeInTheDocument();
		expect(screen.getAllByText(/^(✓ In the right place|✗ Not here)$/)).toHaveLength(7);
		expect(screen.getByText(/of 7 steps are in the right place\./)).toBeInTheDocument();
	});
});
