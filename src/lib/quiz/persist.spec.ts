import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { solutionOf } from './answer';
import { sampleBank, wrongAnswerFor } from './fixtures/sample-bank';
import { loadQuiz, restoreActorInput, saveQuiz, type SavedQuiz } from './persist';
import { currentQuestion, quizMachine, stageOf, type QuizInput } from './quiz.machine';
import { buildQuiz } from './shuffle';

const quiz = buildQuiz({ bank: sampleBank, mode: 'assessment', seed: 'persist', count: 4 });

type Actor = ReturnType<typeof createActor<typeof quizMachine>>;

function play(actor: Actor, moves: string[]): Actor {
	for (const move of moves) {
		const q = currentQuestion(actor.getSnapshot().context);
		if (move === 'right') actor.send({ type: 'answer.changed', answer: solutionOf(q) });
		else if (move === 'wrong') actor.send({ type: 'answer.changed', answer: wrongAnswerFor(q) });
		else actor.send({ type: move } as { type: 'answer.check' });
	}
	return actor;
}

const started = (input: QuizInput = { quiz, maxTries: 2, passMark: 0.75 }) =>
	createActor(quizMachine, { input }).start();

function saved(moves: string[]): SavedQuiz {
	return JSON.parse(saveQuiz(play(started(), moves).getSnapshot())) as SavedQuiz;
}

function restored(raw: string): Actor {
	const result = loadQuiz(raw, sampleBank);
	if (!('input' in result))
		throw new Error(`expected a restored quiz, got ${JSON.stringify(result)}`);
	return createActor(quizMachine, { input: result.input }).start();
}

const R = 'right';
const W = 'wrong';
const check = 'answer.check';
const retry = 'answer.retry';
const reveal = 'answer.reveal';
const next = 'question.next';

describe('saving and restoring a quiz', () => {
	it.each([
		['a fresh quiz', []],
		['an answer chosen but not checked', [W]],
		['a wrong answer just checked', [W, check]],
		['a retry with the wrong answer still there', [W, check, retry]],
		['a shown answer', [W, check, reveal]],
		['a right answer on the second question', [R, check, next, W, check, retry, R, check]],
		['the results', [R, check, next, W, check, reveal, next, R, check, next, R, check, next]]
	])('resumes %s at the same question with the same answers', (_name, moves) => {
		const before = play(started(), moves).getSnapshot();
		const after = restored(saveQuiz(before)).getSnapshot();
		expect(stageOf(after)).toBe(stageOf(before));
		expect(after.context).toEqual({ ...before.context, began: stageOf(before) });
		expect(after.context.quiz).toEqual(before.context.quiz);
		expect(after.output).toEqual(before.output);
	});

	it('carries on after restoring, and does not report a second start', () => {
		const raw = saveQuiz(play(started(), [W, check]).getSnapshot());
		const result = loadQuiz(raw, sampleBank);
		if (!('input' in result)) throw new Error(JSON.stringify(result));
		const actor = createActor(quizMachine, { input: result.input });
		const reported: string[] = [];
		actor.on('*', (e) => reported.push(e.type));
		actor.start();
		play(actor, [retry, R, check, next, R, check, next, R, check, next, R, check, next]);
		expect(actor.getSnapshot().output).toMatchObject({ score: 4, total: 4, passed: true });
		expect(reported).not.toContain('quiz.started');
		expect(reported.at(-1)).toBe('quiz.completed');
	});

	it('treats nothing saved as nothing to restore, not as an error', () => {
		expect(loadQuiz(null, sampleBank)).toEqual({ empty: true });
		expect(loadQuiz('', sampleBank)).toEqual({ empty: true });
	});

	it('offers the restored input for a record that was already parsed', () => {
		const input = restoreActorInput(saved([W]), sampleBank);
		expect(typeof input === 'object' && input.resume?.stage).toBe('answering');
		expect(restoreActorInput({}, sampleBank)).toMatch(/not a saved quiz/);
	});
});

type Change = (s: SavedQuiz & Record<string, unknown>) => void;
const records = (s: SavedQuiz) => s.progress.records;

describe('corrupt or outdated saved data', () => {
	const afterTwo = [R, check, next, W, check];
	it.each<[string, string[], Change | string, RegExp]>([
		['not JSON', [], '{"format": "quiz-pro', /not valid JSON/],
		['a list instead of a record', [], '[]', /not a saved quiz/],
		['another format', [], (s) => (s.format = 'notes' as never), /not a saved quiz/],
		[
			'an older version',
			[],
			(s) => (s.version = 0 as never),
			/format version "0", this page reads version 1/
		],
		[
			'a question no longer in the bank',
			[],
			(s) => (s.quiz.questionIds[1] = 'gone'),
			/question "gone" is no longer/
		],
		[
			'an unknown quiz mode',
			[],
			(s) => (s.quiz.mode = 'exam' as never),
			/unknown quiz mode "exam"/
		],
		['a pass mark above 100%', [], (s) => (s.quiz.passMark = 5), /pass mark is not valid/],
		['no tries allowed', [], (s) => (s.quiz.maxTries = 0), /number of tries is not valid/],
		['a question number out of range', [], (s) => (s.progress.index = 99), /out of range/],
		['a negative question number', [], (s) => (s.progress.index = -1), /out of range/],
		['an unknown stage', [], (s) => (s.progress.stage = 'party' as never), /unknown stage "party"/],
		['a missing answer record', [], (s) => records(s).pop(), /answers do not match the quiz/],
		[
			'more attempts than allowed',
			afterTwo,
			(s) => records(s)[1].attempts.push(...records(s)[1].attempts, records(s)[1].attempts[0]),
			/more attempts than allowed/
		],
		[
			'an answer with an unknown choice',
			afterTwo,
			(s) => (records(s)[1].attempts[0] = { kind: 'single', choiceId: 'x' }),
			/answer that does not fit/
		],
		[
			'an answer after a right answer',
			[R, check],
			(s) => records(s)[0].attempts.push(records(s)[0].attempts[0]),
			/answered again after a right answer/
		],
		[
			'an answer shown with no attempt',
			[],
			(s) => (records(s)[0].revealed = true),
			/shows an answer it cannot/
		],
		[
			'a stage that does not match the answer',
			afterTwo,
			(s) => (s.progress.stage = 'correct'),
			/stage does not match question 2/
		],
		[
			'a later question already answered',
			[W],
			(s) => (records(s)[3].attempts = [solutionOf(quiz.questions[3])]),
			/a later question was already answered/
		],
		[
			'an earlier question left unfinished',
			afterTwo,
			(s) => (records(s)[0] = { attempts: [], revealed: false }),
			/earlier question was left unfinished/
		],
		[
			'a draft of another kind',
			afterTwo,
			(s) => (s.progress.draft = { kind: 'spot-problem', lineIds: [] }),
			/unchecked answer does not fit/
		],
		['a huge string', [], 'x'.repeat(1_000_001), /too large/]
	])('detects %s in one plain line', (_name, moves, change, reason) => {
		let raw: string;
		if (typeof change === 'string') raw = change;
		else {
			const data = saved(moves) as SavedQuiz & Record<string, unknown>;
			change(data);
			raw = JSON.stringify(data);
		}
		const result = loadQuiz(raw, sampleBank);
		expect(result).toEqual({ error: expect.stringMatching(reason) });
		if ('error' in result) {
			expect(result.error).not.toContain('\n');
			expect(result.error).toMatch(/^The saved quiz could not be restored: .+\.$/);
		}
	});

	it('never throws on any string', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
				const result = loadQuiz(raw, sampleBank);
				expect('error' in result || 'empty' in result).toBe(true);
			})
		);
	});

	it('never throws on a saved quiz with any one value replaced, and what it accepts resumes', () => {
		const base = saved([R, check, next, W, check, retry, W]);
		const paths: (string | number)[][] = [];
		const walk = (value: unknown, path: (string | number)[]) => {
			paths.push(path);
			if (value && typeof value === 'object') {
				for (const [k, v] of Object.entries(value))
					walk(v, [...path, Array.isArray(value) ? Number(k) : k]);
			}
		};
		walk(base, []);
		fc.assert(
			fc.property(fc.constantFrom(...paths.slice(1)), fc.jsonValue(), (path, value) => {
				const data = structuredClone(base) as unknown as Record<string | number, unknown>;
				let parent = data;
				for (const key of path.slice(0, -1)) parent = parent[key] as typeof parent;
				parent[path.at(-1)!] = value;
				const result = loadQuiz(JSON.stringify(data), sampleBank);
				if ('input' in result) {
					const actor = createActor(quizMachine, { input: result.input }).start();
					expect(actor.getSnapshot().status).not.toBe('error');
				} else expect(result).toHaveProperty('error');
			}),
			{ numRuns: 500 }
		);
	});
});
