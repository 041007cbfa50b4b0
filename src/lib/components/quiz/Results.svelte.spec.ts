// @vitest-environment jsdom
/**
 * The results a learner sees: score, pass or fail against the pass mark, mastery bars with numbers
 * per topic, practising the missed questions, and a review of every answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { sampleBank } from '$lib/quiz/fixtures/sample-bank';
import { buildQuiz, solutionOf, summarize, type QuestionRecord } from '$lib/quiz';
import Results from './Results.svelte';
import { topicTitle } from './describe';

const quiz = buildQuiz({ bank: sampleBank, mode: 'assessment', seed: 's' });
const records: QuestionRecord[] = quiz.questions.map((q, i) => ({
	questionId: q.id,
	topic: q.topic,
	attempts: [solutionOf(q)],
	correct: i !== 0,
	firstTryCorrect: i !== 0,
	revealed: false
}));
const summary = summarize({ quiz, records, passMark: 0.8 });

afterEach(() => cleanup());

describe('Results', () => {
	it('shows the score, the verdict against the pass mark and mastery per topic with numbers', async () => {
		let practised = 0;
		render(Results, {
			summary,
			questions: quiz.questions,
			records,
			practice: false,
			onpractise: () => practised++,
			onrestart: () => {}
		});
		const total = quiz.questions.length;
		expect(screen.getByText(`${total - 1} of ${total}`)).toBeInTheDocument();
		expect(
			screen.getByText(new RegExp(summary.passed ? '^Passed:' : '^Not passed yet:'))
		).toBeInTheDocument();
		const mastery = screen.getByRole('list', { name: 'Mastery by topic' });
		for (const [topic, m] of Object.entries(summary.mastery)) {
			const row = within(mastery).getByText(topicTitle(topic)).closest('li')!;
			expect(row).toHaveTextContent(`${m.correct} of ${m.total} (${Math.round(m.ratio * 100)}%)`);
		}
		await fireEvent.click(screen.getByRole('button', { name: 'Practise the 1 missed question' }));
		expect(practised).toBe(1);
		expect(screen.getByRole('heading', { name: 'Review of every answer' })).toBeInTheDocument();
		expect(screen.getAllByText('Right first try')).toHaveLength(total - 1);
	});
});
