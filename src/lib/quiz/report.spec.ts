import { createActor } from 'xstate';
import { describe, expect, it, vi } from 'vitest';
import { solutionOf } from './answer';
import { sampleBank, wrongAnswerFor } from './fixtures/sample-bank';
import { currentQuestion, quizMachine } from './quiz.machine';
import { connectReporter, type QuizReportEvent } from './report';
import { buildQuiz } from './shuffle';

const quiz = buildQuiz({
	bank: sampleBank,
	mode: 'quick',
	topic: 'phases',
	seed: 'report',
	questionIds: ['starttls-order', 'reply-to-starttls']
});

describe('reporting a quiz', () => {
	it('reports started, each answer and completed, in order, with the right score', () => {
		const events: QuizReportEvent[] = [];
		const actor = createActor(quizMachine, { input: { quiz } });
		connectReporter(actor, { report: (e) => events.push(e) });
		actor.start();
		const q = () => currentQuestion(actor.getSnapshot().context);
		actor.send({ type: 'answer.changed', answer: wrongAnswerFor(q()) });
		actor.send({ type: 'answer.check' });
		actor.send({ type: 'answer.retry' });
		actor.send({ type: 'answer.changed', answer: solutionOf(q()) });
		actor.send({ type: 'answer.check' });
		actor.send({ type: 'question.next' });
		actor.send({ type: 'answer.changed', answer: wrongAnswerFor(q()) });
		actor.send({ type: 'answer.check' });
		actor.send({ type: 'answer.reveal' });
		actor.send({ type: 'question.next' });

		expect(events).toEqual([
			{ type: 'quiz.started', quizId: quiz.id, mode: 'quick', total: 2 },
			{
				type: 'question.answered',
				questionId: 'starttls-order',
				correct: false,
				attempt: 1,
				topic: 'phases'
			},
			{
				type: 'question.answered',
				questionId: 'starttls-order',
				correct: true,
				attempt: 2,
				topic: 'phases'
			},
			{
				type: 'question.answered',
				questionId: 'reply-to-starttls',
				correct: false,
				attempt: 1,
				topic: 'phases'
			},
			{
				type: 'quiz.completed',
				score: 1,
				total: 2,
				ratio: 0.5,
				passed: false,
				mastery: { phases: { correct: 1, total: 2, ratio: 0.5 } }
			}
		]);
	});

	it('keeps the quiz going when the reporter throws', () => {
		const onError = vi.fn();
		const actor = createActor(quizMachine, { input: { quiz } });
		connectReporter(
			actor,
			{
				report: () => {
					throw new Error('LMS offline');
				}
			},
			{ onError }
		);
		actor.start();
		actor.send({ type: 'answer.changed', answer: solutionOf(quiz.questions[0]) });
		actor.send({ type: 'answer.check' });
		expect(onError).toHaveBeenCalledTimes(2);
		expect(actor.getSnapshot().hasTag('correct')).toBe(true);
	});

	it('stops reporting once disconnected', () => {
		const report = vi.fn();
		const actor = createActor(quizMachine, { input: { quiz } });
		const disconnect = connectReporter(actor, { report });
		actor.start();
		disconnect();
		actor.send({
			type: 'answer.changed',
			answer: solutionOf(currentQuestion(actor.getSnapshot().context))
		});
		actor.send({ type: 'answer.check' });
		expect(report).toHaveBeenCalledTimes(1);
	});
});
