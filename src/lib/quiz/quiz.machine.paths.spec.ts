import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { emptyAnswer, solutionOf } from './answer';
import { portMode, single, spotProblem, wrongAnswerFor } from './fixtures/sample-bank';
import { currentQuestion, quizMachine, type QuizEvent } from './quiz.machine';
import { summarize } from './score';
import { buildQuiz } from './shuffle';

const quiz = buildQuiz({
	bank: [single, portMode, spotProblem],
	mode: 'practice',
	seed: 'paths',
	questionIds: [single.id, portMode.id, spotProblem.id]
});

type Snapshot = ReturnType<typeof quizMachine.transition>;

/** Every event a learner could send now: a right, a wrong and a blank answer, and every button. */
function events(snapshot: Snapshot): QuizEvent[] {
	const q = currentQuestion(snapshot.context);
	return [
		{ type: 'answer.changed', answer: solutionOf(q) },
		{ type: 'answer.changed', answer: wrongAnswerFor(q) },
		{ type: 'answer.changed', answer: emptyAnswer(q) },
		{ type: 'answer.check' },
		{ type: 'answer.retry' },
		{ type: 'answer.reveal' },
		{ type: 'question.next' }
	];
}

function invariants(snapshot: Snapshot): void {
	const { context } = snapshot;
	const summary = summarize(context);
	expect(summary.score).toBeLessThanOrEqual(summary.total);
	expect(summary.firstTryCorrect).toBeLessThanOrEqual(summary.score);
	context.records.forEach((r, i) => {
		expect(r.attempts.length).toBeLessThanOrEqual(context.maxTries);
		expect(r.correct && r.revealed).toBe(false);
		if (i < context.index) expect(r.correct || r.revealed).toBe(true);
		if (i > context.index) expect(r.attempts).toHaveLength(0);
	});
	if (snapshot.hasTag('results')) {
		expect(context.records.every((r) => r.correct || r.revealed)).toBe(true);
	}
	expect(
		snapshot.hasTag('answering') !== snapshot.hasTag('checked') || snapshot.hasTag('results')
	).toBe(true);
}

describe('every path through a three-question quiz', () => {
	it('can reach the results', () => {
		const paths = getShortestPaths(quizMachine, {
			input: { quiz },
			events,
			toState: (s) => s.hasTag('results')
		});
		expect(paths.length).toBeGreaterThan(0);
		for (const path of paths) {
			expect(path.state.hasTag('results')).toBe(true);
			expect(path.state.output?.total).toBe(3);
		}
	});

	it('keeps the score within the total and the records consistent in every reachable state', () => {
		// One shortest path to every reachable state: every state is visited, paths stay short.
		const paths = getShortestPaths(quizMachine, { input: { quiz }, events });
		expect(paths.length).toBeGreaterThan(50);
		const scores = new Set<number>();
		for (const path of paths) {
			for (const step of path.steps) invariants(step.state);
			if (path.state.hasTag('results')) scores.add(path.state.output?.score ?? -1);
		}
		// Every score from none right to all right is reachable.
		expect([...scores].sort()).toEqual([0, 1, 2, 3]);
	});
});
