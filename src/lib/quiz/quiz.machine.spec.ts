import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { solutionOf } from './answer';
import { sampleBank, wrongAnswerFor } from './fixtures/sample-bank';
import { currentQuestion, currentRecord, quizMachine, type QuizInput } from './quiz.machine';
import { buildQuiz } from './shuffle';

/** The sample bank in its own order: single, multiple, port-mode, order, predict-reply, spot-problem. */
const quiz = buildQuiz({
	bank: sampleBank,
	mode: 'assessment',
	seed: 'machine',
	questionIds: sampleBank.map((q) => q.id)
});

function start(input: Partial<QuizInput> = {}) {
	const actor = createActor(quizMachine, { input: { quiz, ...input } });
	actor.start();
	const snap = () => actor.getSnapshot();
	const question = () => currentQuestion(snap().context);
	return {
		actor,
		snap,
		answerRight: () => actor.send({ type: 'answer.changed', answer: solutionOf(question()) }),
		answerWrong: () => actor.send({ type: 'answer.changed', answer: wrongAnswerFor(question()) }),
		check: () => actor.send({ type: 'answer.check' }),
		next: () => actor.send({ type: 'question.next' })
	};
}

describe('answering a question', () => {
	it('starts on the first question, answering, with nothing checked', () => {
		const { snap } = start();
		expect(snap().hasTag('answering')).toBe(true);
		expect(snap().context.index).toBe(0);
		expect(snap().context.lastGrade).toBeNull();
	});

	it('cannot check an empty answer', () => {
		const { snap, actor } = start();
		expect(snap().can({ type: 'answer.check' })).toBe(false);
		actor.send({ type: 'answer.check' });
		expect(snap().hasTag('answering')).toBe(true);
		expect(currentRecord(snap().context).attempts).toHaveLength(0);
	});

	it('cannot go to the next question before checking', () => {
		const { snap, answerRight } = start();
		answerRight();
		expect(snap().can({ type: 'question.next' })).toBe(false);
		expect(snap().can({ type: 'answer.reveal' })).toBe(false);
	});

	it('ignores an answer of another kind or with unknown choices', () => {
		const { snap, actor } = start();
		expect(
			snap().can({ type: 'answer.changed', answer: { kind: 'multiple', choiceIds: [] } })
		).toBe(false);
		actor.send({ type: 'answer.changed', answer: { kind: 'single', choiceId: 'p110' } });
		expect(snap().context.draft).toEqual({ kind: 'single', choiceId: null });
	});

	it('marks a right answer correct on the first try and allows next', () => {
		const { snap, answerRight, check } = start();
		answerRight();
		check();
		expect(snap().hasTag('checked')).toBe(true);
		expect(snap().hasTag('correct')).toBe(true);
		expect(snap().context.lastGrade?.correct).toBe(true);
		expect(currentRecord(snap().context)).toMatchObject({ correct: true, firstTryCorrect: true });
		expect(snap().can({ type: 'question.next' })).toBe(true);
	});
});

describe('a wrong answer', () => {
	it('names the misconception, then a second try that is right counts as correct but not first-try', () => {
		const { snap, actor, answerWrong, answerRight, check } = start();
		answerWrong();
		check();
		expect(snap().hasTag('incorrect')).toBe(true);
		expect(snap().context.lastGrade?.feedback.misconceptions.map((m) => m.id)).toEqual([
			'relay-is-submission'
		]);
		actor.send({ type: 'answer.retry' });
		expect(snap().hasTag('answering')).toBe(true);
		expect(snap().context.lastGrade).toBeNull();
		answerRight();
		check();
		expect(snap().hasTag('correct')).toBe(true);
		expect(currentRecord(snap().context)).toMatchObject({
			correct: true,
			firstTryCorrect: false,
			revealed: false
		});
		expect(currentRecord(snap().context).attempts).toHaveLength(2);
	});

	it('keeps the wrong answer for the retry, and cannot check it unchanged again', () => {
		const { snap, actor, answerWrong, check } = start();
		answerWrong();
		check();
		actor.send({ type: 'answer.retry' });
		expect(snap().context.draft).toEqual(wrongAnswerFor(sampleBank[0]));
		expect(snap().can({ type: 'answer.check' })).toBe(false);
	});

	it('leaves only "show answer" once the tries are used up', () => {
		const { snap, actor, answerWrong, check } = start();
		answerWrong();
		check();
		actor.send({ type: 'answer.retry' });
		actor.send({ type: 'answer.changed', answer: { kind: 'single', choiceId: 'p2525' } });
		check();
		expect(snap().hasTag('incorrect')).toBe(true);
		expect(snap().can({ type: 'answer.retry' })).toBe(false);
		expect(snap().can({ type: 'question.next' })).toBe(false);
		expect(snap().can({ type: 'answer.reveal' })).toBe(true);
	});

	it('allows as many tries as configured', () => {
		const { snap, actor, check } = start({ maxTries: 3 });
		for (const choiceId of ['p25', 'p2525']) {
			actor.send({ type: 'answer.changed', answer: { kind: 'single', choiceId } });
			check();
			expect(snap().can({ type: 'answer.retry' })).toBe(true);
			actor.send({ type: 'answer.retry' });
		}
		actor.send({ type: 'answer.changed', answer: { kind: 'single', choiceId: 'p587' } });
		check();
		expect(currentRecord(snap().context).correct).toBe(true);
	});

	it('shown answer: the question is not counted as correct, and next is allowed', () => {
		const { snap, actor, answerWrong, check } = start();
		answerWrong();
		check();
		actor.send({ type: 'answer.reveal' });
		expect(snap().hasTag('revealed')).toBe(true);
		expect(currentRecord(snap().context)).toMatchObject({ correct: false, revealed: true });
		expect(snap().can({ type: 'question.next' })).toBe(true);
		expect(snap().can({ type: 'answer.retry' })).toBe(false);
	});
});

describe('moving on and the results', () => {
	it('moves to the next question with a blank answer', () => {
		const { snap, answerRight, check, next } = start();
		answerRight();
		check();
		next();
		expect(snap().hasTag('answering')).toBe(true);
		expect(snap().context.index).toBe(1);
		expect(snap().context.draft).toEqual({ kind: 'multiple', choiceIds: [] });
	});

	it('reaches results with the score, pass or fail, and mastery per topic', () => {
		const t = start();
		// Right, right on the second try, shown, right, right, right: 5 of 6, first try 4.
		t.answerRight();
		t.check();
		t.next();
		t.answerWrong();
		t.check();
		t.actor.send({ type: 'answer.retry' });
		t.answerRight();
		t.check();
		t.next();
		t.answerWrong();
		t.check();
		t.actor.send({ type: 'answer.reveal' });
		t.next();
		for (let i = 0; i < 3; i++) {
			t.answerRight();
			t.check();
			t.next();
		}
		const snap = t.snap();
		expect(snap.hasTag('results')).toBe(true);
		expect(snap.status).toBe('done');
		expect(snap.output).toMatchObject({
			score: 5,
			total: 6,
			firstTryCorrect: 4,
			revealed: 1,
			passed: true,
			missed: ['laptop-client'],
			mastery: {
				choosing: { correct: 0, total: 1, ratio: 0 },
				phases: { correct: 2, total: 2, ratio: 1 }
			}
		});
	});

	it('fails below the pass mark, and the pass mark can be raised', () => {
		const finish = (passMark?: number) => {
			const t = start({ passMark });
			for (let i = 0; i < 6; i++) {
				if (i === 0) {
					t.answerWrong();
					t.check();
					t.actor.send({ type: 'answer.reveal' });
				} else {
					t.answerRight();
					t.check();
				}
				t.next();
			}
			return t.snap().output;
		};
		expect(finish()).toMatchObject({ score: 5, passed: true, passMark: 0.8 });
		expect(finish(0.9)).toMatchObject({ score: 5, passed: false, passMark: 0.9 });
	});
});
