import { describe, expect, it } from 'vitest';
import { emptyAnswer, isAnswerComplete } from './answer';
import {
	multiple,
	order,
	portMode,
	predictReply,
	single,
	spotProblem
} from './fixtures/sample-bank';
import type { Answer, Question } from './types';

describe('whether there is something to check', () => {
	it.each<[string, Question, Answer, boolean]>([
		['no choice made', single, { kind: 'single', choiceId: null }, false],
		['a choice made', single, { kind: 'single', choiceId: 'p25' }, true],
		['an unknown choice', single, { kind: 'single', choiceId: 'p110' }, false],
		['nothing selected', multiple, { kind: 'multiple', choiceIds: [] }, false],
		['one selected', multiple, { kind: 'multiple', choiceIds: ['body'] }, true],
		['the same choice twice', multiple, { kind: 'multiple', choiceIds: ['ehlo', 'ehlo'] }, false],
		['a port without a mode', portMode, { kind: 'port-mode', port: '587', mode: null }, false],
		['a port and a mode', portMode, { kind: 'port-mode', port: '587', mode: 'implicit' }, true],
		['the steps as shown', order, emptyAnswer(order), true],
		[
			'a step left out',
			order,
			{ kind: 'order', stepIds: ['ehlo1', 'starttls', 'handshake'] },
			false
		],
		['no reply chosen', predictReply, { kind: 'predict-reply', choiceId: null }, false],
		['an answer of another kind', predictReply, { kind: 'single', choiceId: 'ready' }, false],
		['no line selected', spotProblem, { kind: 'spot-problem', lineIds: [] }, false],
		['a line selected', spotProblem, { kind: 'spot-problem', lineIds: ['l2'] }, true]
	])('%s can be checked: %s', (_name, question, answer, complete) => {
		expect(isAnswerComplete(question, answer)).toBe(complete);
	});
});
