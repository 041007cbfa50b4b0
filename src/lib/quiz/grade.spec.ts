import { describe, expect, it } from 'vitest';
import { solutionOf } from './answer';
import {
	multiple,
	order,
	portMode,
	predictReply,
	sampleBank,
	single,
	spotProblem
} from './fixtures/sample-bank';
import { grade } from './grade';
import type { Answer } from './types';

const ids = (g: ReturnType<typeof grade>) => g.feedback.misconceptions.map((m) => m.id);

describe('single choice', () => {
	it.each([
		['p587', true, []],
		['p25', false, ['relay-is-submission']],
		['p2525', false, ['2525-official']]
	])('choosing %s is right: %s, naming misconceptions %j', (choiceId, correct, misconceptions) => {
		const g = grade(single, { kind: 'single', choiceId });
		expect(g.correct).toBe(correct);
		expect(ids(g)).toEqual(misconceptions);
		expect(g.feedback.citation).toBe('RFC 6409 §3.1');
		expect(g.feedback.scenario).toBe('submission-starttls');
	});

	it('treats an answer with an unknown choice as wrong, with nothing to explain', () => {
		const g = grade(single, { kind: 'single', choiceId: 'p110' });
		expect(g).toMatchObject({ correct: false, feedback: { misconceptions: [] } });
	});
});

describe('multiple select', () => {
	it.each([
		{ chosen: ['greeting', 'ehlo'], correct: true, missed: [], wrong: [], misconceptions: [] },
		{ chosen: ['ehlo', 'greeting'], correct: true, missed: [], wrong: [], misconceptions: [] },
		{ chosen: ['greeting'], correct: false, missed: ['ehlo'], wrong: [], misconceptions: [] },
		{
			chosen: ['greeting', 'ehlo', 'password'],
			correct: false,
			missed: [],
			wrong: ['password'],
			misconceptions: ['auth-before-tls']
		},
		{
			chosen: ['body', 'password'],
			correct: false,
			missed: ['greeting', 'ehlo'],
			wrong: ['body', 'password'],
			misconceptions: ['body-before-tls', 'auth-before-tls']
		}
	])('choosing $chosen is all-or-nothing right: $correct', (row) => {
		const g = grade(multiple, { kind: 'multiple', choiceIds: row.chosen });
		expect(g.correct).toBe(row.correct);
		expect(g.partial).toMatchObject({
			kind: 'multiple',
			missed: row.missed,
			chosenWrong: row.wrong
		});
		expect(ids(g)).toEqual(row.misconceptions);
	});

	it('gives partial credit as the share of the right set', () => {
		const g = grade(multiple, { kind: 'multiple', choiceIds: ['greeting', 'password'] });
		expect(g.partial).toMatchObject({ fraction: 1 / 3 });
	});
});

describe('port and security mode', () => {
	it.each([
		{
			port: '465',
			mode: 'implicit',
			correct: true,
			match: 'best',
			portRight: true,
			modeRight: true,
			misconceptions: []
		},
		{
			port: '587',
			mode: 'starttls',
			correct: true,
			match: 'alternative',
			portRight: true,
			modeRight: true,
			misconceptions: []
		},
		{
			port: '465',
			mode: 'starttls',
			correct: false,
			match: 'none',
			portRight: true,
			modeRight: false,
			misconceptions: ['465-starttls']
		},
		{
			port: '587',
			mode: 'implicit',
			correct: false,
			match: 'none',
			portRight: true,
			modeRight: false,
			misconceptions: ['587-implicit']
		},
		{
			port: '587',
			mode: 'none',
			correct: false,
			match: 'none',
			portRight: true,
			modeRight: false,
			misconceptions: ['plaintext-ok']
		},
		{
			port: '25',
			mode: 'starttls',
			correct: false,
			match: 'none',
			portRight: false,
			modeRight: true,
			misconceptions: ['relay-is-submission']
		},
		{
			port: '25',
			mode: 'none',
			correct: false,
			match: 'none',
			portRight: false,
			modeRight: false,
			misconceptions: ['relay-is-submission', 'plaintext-ok']
		}
	])('$port with $mode: right $correct ($match), port $portRight, mode $modeRight', (row) => {
		const g = grade(portMode, { kind: 'port-mode', port: row.port, mode: row.mode });
		expect(g.correct).toBe(row.correct);
		expect(g.partial).toMatchObject({
			kind: 'port-mode',
			match: row.match,
			port: row.portRight,
			mode: row.modeRight
		});
		expect(ids(g)).toEqual(row.misconceptions);
	});

	it('passes on the note of an acceptable alternative', () => {
		const g = grade(portMode, { kind: 'port-mode', port: '587', mode: 'starttls' });
		expect(g.partial).toMatchObject({ note: expect.stringContaining('stripping') });
	});
});

describe('ordering steps', () => {
	it.each([
		{
			steps: ['ehlo1', 'starttls', 'handshake', 'ehlo2'],
			correct: true,
			positions: [true, true, true, true],
			misconceptions: []
		},
		{
			steps: ['ehlo1', 'starttls', 'ehlo2', 'handshake'],
			correct: false,
			positions: [true, true, false, false],
			misconceptions: ['state-survives-tls']
		},
		{
			steps: ['starttls', 'ehlo1', 'handshake', 'ehlo2'],
			correct: false,
			positions: [false, false, true, true],
			misconceptions: []
		}
	])('$steps: right positions $positions', (row) => {
		const g = grade(order, { kind: 'order', stepIds: row.steps });
		expect(g.correct).toBe(row.correct);
		expect(g.partial).toMatchObject({
			kind: 'order',
			positions: row.positions,
			rightCount: row.positions.filter(Boolean).length
		});
		expect(ids(g)).toEqual(row.misconceptions);
	});

	it('treats a list that is not a permutation of the steps as wrong', () => {
		expect(
			grade(order, { kind: 'order', stepIds: ['ehlo1', 'ehlo1', 'handshake', 'ehlo2'] }).correct
		).toBe(false);
	});
});

describe('predicting the reply', () => {
	it.each([
		['ready', true, []],
		['ok', false, ['250-for-everything']],
		['auth', false, ['auth-first']]
	])('choosing %s is right: %s', (choiceId, correct, misconceptions) => {
		const g = grade(predictReply, { kind: 'predict-reply', choiceId });
		expect(g.correct).toBe(correct);
		expect(ids(g)).toEqual(misconceptions);
	});
});

describe('spotting the problem', () => {
	it.each([
		{ lines: ['l3'], correct: true, missed: [], misconceptions: [] },
		{ lines: ['l4'], correct: false, missed: ['l3'], misconceptions: ['refusal-is-bug'] },
		{ lines: ['l3', 'l1'], correct: false, missed: [], misconceptions: ['greeting-wrong'] }
	])('selecting $lines is right: $correct', (row) => {
		const g = grade(spotProblem, { kind: 'spot-problem', lineIds: row.lines });
		expect(g.correct).toBe(row.correct);
		expect(g.partial).toMatchObject({ kind: 'spot-problem', missed: row.missed });
		expect(ids(g)).toEqual(row.misconceptions);
	});
});

describe('every kind', () => {
	it.each(sampleBank.map((q) => [q.kind, q] as const))(
		'%s: the shown answer grades as right',
		(_kind, q) => {
			expect(grade(q, solutionOf(q)).correct).toBe(true);
		}
	);

	it('treats an answer of another kind as wrong', () => {
		const answer: Answer = { kind: 'single', choiceId: 'ready' };
		expect(grade(predictReply, answer).correct).toBe(false);
	});
});
