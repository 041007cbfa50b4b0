/**
 * Answers to questions: the blank answer a question starts with, whether an answer fits a question
 * (right kind, only known ids), whether it is complete enough to check, and the right answer.
 *
 * Responsible for the rules the flow machine uses as guards and the save format uses to reject
 * tampered data. Answers always refer to ids, never to positions, so shuffled choices grade the same.
 * Leaves grading to `grade.ts`.
 */
import type { Answer, AnswerFor, PortModeQuestion, Question } from './types';

/** The answer a question starts with: nothing chosen, or for `order` the steps as presented. */
export function emptyAnswer(question: Question): Answer {
	switch (question.kind) {
		case 'single':
		case 'predict-reply':
			return { kind: question.kind, choiceId: null };
		case 'multiple':
			return { kind: 'multiple', choiceIds: [] };
		case 'port-mode':
			return { kind: 'port-mode', port: null, mode: null };
		case 'order':
			return { kind: 'order', stepIds: question.steps.map((s) => s.id) };
		case 'spot-problem':
			return { kind: 'spot-problem', lineIds: [] };
	}
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list of distinct ids, all from `known`. */
function isIdSet(value: unknown, known: string[]): value is string[] {
	return (
		Array.isArray(value) &&
		value.every((id) => typeof id === 'string' && known.includes(id)) &&
		new Set(value).size === value.length
	);
}

const isIdOrNull = (value: unknown, known: string[]): value is string | null =>
	value === null || (typeof value === 'string' && known.includes(value));

/**
 * Whether `value` is a well-formed answer to `question`: the same kind, only ids the question has,
 * no id twice, and for `order` a permutation of all steps. Safe on untrusted data.
 */
export function answerFits(question: Question, value: unknown): value is Answer {
	if (!isRecord(value) || value.kind !== question.kind) return false;
	switch (question.kind) {
		case 'single':
		case 'predict-reply':
			return isIdOrNull(
				value.choiceId,
				question.choices.map((c) => c.id)
			);
		case 'multiple':
			return isIdSet(
				value.choiceIds,
				question.choices.map((c) => c.id)
			);
		case 'port-mode':
			return (
				isIdOrNull(
					value.port,
					question.ports.map((p) => p.id)
				) &&
				isIdOrNull(
					value.mode,
					question.modes.map((m) => m.id)
				)
			);
		case 'order': {
			const ids = question.steps.map((s) => s.id);
			return isIdSet(value.stepIds, ids) && value.stepIds.length === ids.length;
		}
		case 'spot-problem':
			return isIdSet(
				value.lineIds,
				question.transcript.map((l) => l.id)
			);
	}
}

/** Whether an answer says enough to be checked (a choice made, a port and a mode picked, ...). */
export function isAnswerComplete(question: Question, answer: Answer): boolean {
	if (!answerFits(question, answer)) return false;
	switch (answer.kind) {
		case 'single':
		case 'predict-reply':
			return answer.choiceId !== null;
		case 'multiple':
			return answer.choiceIds.length > 0;
		case 'port-mode':
			return answer.port !== null && answer.mode !== null;
		case 'order':
			return true;
		case 'spot-problem':
			return answer.lineIds.length > 0;
	}
}

/** The answer shown by "show answer": the one right choice set, the best pair, the right order. */
export function solutionOf<Q extends Question>(question: Q): AnswerFor<Q['kind']>;
export function solutionOf(question: Question): Answer {
	switch (question.kind) {
		case 'single':
		case 'predict-reply':
			return { kind: question.kind, choiceId: question.correct };
		case 'multiple':
			return { kind: 'multiple', choiceIds: [...question.correct] };
		case 'port-mode':
			return { kind: 'port-mode', ...bestOf(question) };
		case 'order':
			return { kind: 'order', stepIds: [...question.correct] };
		case 'spot-problem':
			return { kind: 'spot-problem', lineIds: [...question.problems] };
	}
}

const bestOf = (q: PortModeQuestion) => ({ port: q.best.port, mode: q.best.mode });
