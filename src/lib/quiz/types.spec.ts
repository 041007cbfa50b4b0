import { describe, expect, it } from 'vitest';
import { order, portMode, sampleBank, single, spotProblem, multiple } from './fixtures/sample-bank';
import { validateBank, validateQuestion } from './types';

/** A deep copy with one change, so each case breaks exactly one thing. */
function broken<T>(question: T, change: (q: Record<string, unknown>) => void): unknown {
	const copy = structuredClone(question) as Record<string, unknown>;
	change(copy);
	return copy;
}

type Q = Record<string, unknown>;
const list = (q: Q, key: string) => q[key] as Q[];

describe('validateQuestion', () => {
	it('accepts a question of every kind', () => {
		for (const q of sampleBank) expect(validateQuestion(q, q.id)).toEqual([]);
	});

	it.each([
		[
			'a wrong choice without its misconception',
			single,
			(q: Q) => delete list(q, 'choices')[0].misconception,
			'q17.choices[0].misconception: missing'
		],
		[
			'a right choice with a misconception',
			single,
			(q: Q) => (list(q, 'choices')[1].misconception = { id: 'x', text: 'y' }),
			'q17.choices[1].misconception: given on a right answer'
		],
		[
			'a misconception without text',
			single,
			(q: Q) => (list(q, 'choices')[0].misconception = { id: 'x' }),
			'q17.choices[0].misconception.text: missing'
		],
		[
			'a correct id that is not a choice',
			single,
			(q: Q) => (q.correct = 'p999'),
			'q17.correct: unknown choice "p999"'
		],
		[
			'two choices with one id',
			single,
			(q: Q) => (list(q, 'choices')[2].id = 'p25'),
			'q17.choices[2].id: duplicate "p25"'
		],
		[
			'a difficulty out of range',
			single,
			(q: Q) => (q.difficulty = 4),
			'q17.difficulty: must be 1, 2 or 3'
		],
		['no citation', single, (q: Q) => delete q.citation, 'q17.citation: missing'],
		[
			'an empty explanation',
			single,
			(q: Q) => (q.explanation = ' '),
			'q17.explanation: must be a non-empty string'
		],
		['an unknown kind', single, (q: Q) => (q.kind = 'essay'), 'q17.kind: unknown "essay"'],
		[
			'a multiple select with no right choice',
			multiple,
			(q: Q) => (q.correct = []),
			'q17.correct: must be a non-empty list of choice ids'
		],
		[
			'a port-mode best answer with an unknown port',
			portMode,
			(q: Q) => ((q.best as Q).port = '2525'),
			'q17.best.port: unknown port "2525"'
		],
		[
			'a port that is never accepted without a misconception',
			portMode,
			(q: Q) => delete list(q, 'ports')[0].misconception,
			'q17.ports[0].misconception: missing'
		],
		[
			'a wrong pair of right parts with no misconception',
			portMode,
			(q: Q) => (q.mismatches = list(q, 'mismatches').slice(1)),
			'q17.mismatches: missing the pair port "465" with mode "starttls"'
		],
		[
			'a mismatch that is in fact accepted',
			portMode,
			(q: Q) =>
				list(q, 'mismatches').push({
					port: '465',
					mode: 'implicit',
					misconception: { id: 'a', text: 'b' }
				}),
			'q17.mismatches[2]: is an accepted answer'
		],
		[
			'an order missing a step',
			order,
			(q: Q) => (q.correct = ['ehlo1', 'starttls', 'handshake']),
			'q17.correct: must list every step exactly once'
		],
		[
			'a spot-problem line that is not a problem without a misconception',
			spotProblem,
			(q: Q) => delete list(q, 'transcript')[0].misconception,
			'q17.transcript[0].misconception: missing'
		],
		[
			'a spot-problem pointing at an unknown line',
			spotProblem,
			(q: Q) => (q.problems = ['l9']),
			'q17.problems[0]: unknown line "l9"'
		]
	])('reports %s with its field path', (_name, question, change, problem) => {
		const problems = validateQuestion(broken(question, change), 'q17');
		expect(problems.some((p) => p.startsWith(problem))).toBe(true);
	});

	it('reports something that is not an object in one line', () => {
		expect(validateQuestion('hello', 'q1')).toEqual(['q1: must be an object']);
	});
});

describe('validateBank', () => {
	it('reports a question id used twice, naming both places', () => {
		const problems = validateBank([single, { ...multiple, id: single.id }], 'ports.json');
		expect(problems).toEqual(['ports.json[1].id: "submission-port" already used by ports.json[0]']);
	});
});
